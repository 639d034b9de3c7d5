import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

// Issue 6 plugs its library, export and update prompt in here without touching the pages: any
// src/app/library/register.ts is loaded (see slots.svelte.ts). None present: nothing is loaded.
import.meta.glob('./library/register.ts', { eager: true });

mount(App, { target: document.getElementById('app')! });
document.documentElement.dataset.appReady = '';
