// Where the tfjs wasm binaries live in the build. Vite does not emit them on its own (stack.md); importing
// them with `?url` makes Vite copy them into the build with a hashed name (and the PWA precache picks
// them up with the other .wasm files). Browser-only: Node uses the package's own files.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';

export function wasmPaths(): Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string> {
  // The threaded binary needs SharedArrayBuffer, i.e. a cross-origin-isolated page (COOP/COEP headers),
  // which a static host of this app does not send; tfjs then never asks for it. It maps to the SIMD
  // binary so the 435 kB file is not shipped for nothing.
  return {
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl,
  };
}
