// The two networks of the seed's DNAModelTrainer, in tfjs layers.
import * as tf from '@tensorflow/tfjs';

export interface NetworkOptions {
  /** L2 kernel penalty: the weight decay of the seed's training (Adam + L2). */
  l2: number;
}

export const DEFAULT_NETWORK_OPTIONS: NetworkOptions = { l2: 1e-4 };

/** DNA regression: Dense(128) ReLU Dropout(0.2), Dense(64) ReLU Dropout(0.2), Dense(32) ReLU, linear outputs. */
export function buildRegressionNetwork(inputDim: number, outputDim: number, opts: NetworkOptions = DEFAULT_NETWORK_OPTIONS): tf.Sequential {
  const reg = () => tf.regularizers.l2({ l2: opts.l2 });
  const m = tf.sequential({ name: 'dna_regression' });
  m.add(tf.layers.dense({ inputShape: [inputDim], units: 128, activation: 'relu', kernelRegularizer: reg(), name: 'dense_128' }));
  m.add(tf.layers.dropout({ rate: 0.2, name: 'dropout_1' }));
  m.add(tf.layers.dense({ units: 64, activation: 'relu', kernelRegularizer: reg(), name: 'dense_64' }));
  m.add(tf.layers.dropout({ rate: 0.2, name: 'dropout_2' }));
  m.add(tf.layers.dense({ units: 32, activation: 'relu', kernelRegularizer: reg(), name: 'dense_32' }));
  m.add(tf.layers.dense({ units: outputDim, activation: 'linear', name: 'dna_out' }));
  return m;
}

/** Archetype classifier on the DNA signature: Dense(64) ReLU Dropout(0.3), Dense(32) ReLU, softmax. */
export function buildClassifierNetwork(inputDim: number, classes: number, opts: NetworkOptions = DEFAULT_NETWORK_OPTIONS): tf.Sequential {
  const reg = () => tf.regularizers.l2({ l2: opts.l2 });
  const m = tf.sequential({ name: 'archetype_classifier' });
  m.add(tf.layers.dense({ inputShape: [inputDim], units: 64, activation: 'relu', kernelRegularizer: reg(), name: 'dense_64' }));
  m.add(tf.layers.dropout({ rate: 0.3, name: 'dropout_1' }));
  m.add(tf.layers.dense({ units: 32, activation: 'relu', kernelRegularizer: reg(), name: 'dense_32' }));
  m.add(tf.layers.dense({ units: classes, activation: 'softmax', name: 'archetype_out' }));
  return m;
}
