// The training loop of both networks: Adam, mini-batches of 32 reshuffled every epoch from a seeded
// stream, L2 weight decay, early stopping on the validation loss (best weights restored) and learning-rate
// reduction on plateau (Keras' ReduceLROnPlateau). Written out rather than `model.fit` so that it is
// synchronous (seeded Math.random stays scoped, see random.ts) and the learning rate can change mid-run.
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffled } from './random';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Early stopping: epochs without a validation improvement before stopping. */
  patience: number;
  /** Plateau: epochs without improvement before the learning rate is multiplied by `lrFactor`. */
  lrPatience: number;
  lrFactor: number;
  minLearningRate: number;
  /** L2 penalty on every kernel (weight decay); the layers carry the same value in model.json. */
  l2: number;
  loss: 'mse' | 'crossentropy';
  /**
   * Share of the epochs that run with dropout active ("early dropout", Liu et al. 2023, "Dropout Reduces
   * Underfitting"); the rest fine-tune with dropout off. 1 = dropout throughout, as Keras does.
   */
  dropoutShare: number;
  /** Seed of the batch order (weights and dropout are seeded by the caller's Math.random scope). */
  seed: number;
}

export const DEFAULT_FIT: Omit<FitOptions, 'loss' | 'seed'> = {
  epochs: 100,
  batchSize: 32,
  learningRate: 0.001,
  patience: 10,
  lrPatience: 4,
  lrFactor: 0.5,
  minLearningRate: 1e-5,
  l2: 1e-4,
  dropoutShare: 0.5,
};

export interface FitHistory {
  loss: number[];
  val_loss: number[];
  learning_rate: number[];
  best_epoch: number;
  epochs_run: number;
}

function lossOf(kind: FitOptions['loss'], y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  if (kind === 'mse') return tf.losses.meanSquaredError(y, p) as tf.Scalar;
  // categorical cross-entropy on softmax probabilities (clipped as Keras does)
  return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1))), -1)));
}

/** Loss without the penalty on a whole set, training off (dropout inactive). */
export function evaluateLoss(model: tf.LayersModel, x: tf.Tensor2D, y: tf.Tensor2D, kind: FitOptions['loss']): number {
  return tf.tidy(() => lossOf(kind, y, model.predict(x) as tf.Tensor).dataSync()[0]);
}

/** Fresh training rows for an epoch (data augmentation); must keep the row count. */
export type EpochData = (epoch: number) => { x: number[][]; y: number[][] };

export function fitNetwork(
  model: tf.LayersModel,
  x: number[][],
  y: number[][],
  valX: number[][],
  valY: number[][],
  opts: FitOptions,
  epochData?: EpochData,
): FitHistory {
  const rng = mulberry32(opts.seed);
  const optimizer = tf.train.adam(opts.learningRate);
  let xs = tf.tensor2d(x);
  let ys = tf.tensor2d(y);
  const vx = tf.tensor2d(valX);
  const vy = tf.tensor2d(valY);
  const kernels = model.trainableWeights.filter((w) => w.name.includes('kernel'));
  const history: FitHistory = { loss: [], val_loss: [], learning_rate: [], best_epoch: 0, epochs_run: 0 };
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let sinceBest = 0;
  let sinceLr = 0;
  let lr = opts.learningRate;
  const order = Array.from({ length: x.length }, (_, i) => i);
  try {
    const dropoutEpochs = Math.ceil(opts.dropoutShare * opts.epochs);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const dropout = epoch < dropoutEpochs;
      if (epochData && epoch > 0) {
        const d = epochData(epoch);
        tf.dispose([xs, ys]);
        xs = tf.tensor2d(d.x);
        ys = tf.tensor2d(d.y);
      }
      if (epoch === dropoutEpochs && epoch > 0) {
        // Dropout off: the loss scale changes, so the patience counters start again.
        sinceBest = 0;
        sinceLr = 0;
      }
      const perm = tf.tensor1d(shuffled(order, rng), 'int32');
      let total = tf.scalar(0);
      let batches = 0;
      for (let start = 0; start < x.length; start += opts.batchSize) {
        const size = Math.min(opts.batchSize, x.length - start);
        const batchLoss = tf.tidy(() => {
          const idx = perm.slice(start, size);
          const bx = xs.gather(idx);
          const by = ys.gather(idx);
          return optimizer.minimize(() => {
            const p = model.apply(bx, { training: dropout }) as tf.Tensor;
            let l: tf.Scalar = lossOf(opts.loss, by, p);
            for (const k of kernels) l = l.add(tf.sum(tf.square(k.read())).mul(opts.l2));
            return l as tf.Scalar;
          }, true)!;
        });
        const next: tf.Scalar = total.add(batchLoss);
        total.dispose();
        batchLoss.dispose();
        total = next;
        batches++;
      }
      perm.dispose();
      const trainLoss = total.dataSync()[0] / batches;
      total.dispose();
      const valLoss = evaluateLoss(model, vx, vy, opts.loss);
      history.loss.push(trainLoss);
      history.val_loss.push(valLoss);
      history.learning_rate.push(lr);
      history.epochs_run = epoch + 1;
      if (valLoss < best - 1e-6) {
        best = valLoss;
        history.best_epoch = epoch + 1;
        bestWeights?.forEach((w) => w.dispose());
        bestWeights = model.getWeights().map((w) => w.clone());
        sinceBest = 0;
        sinceLr = 0;
      } else {
        sinceBest++;
        sinceLr++;
        if (sinceBest >= opts.patience && !dropout) break;
        if (sinceLr >= opts.lrPatience && lr > opts.minLearningRate) {
          lr = Math.max(opts.minLearningRate, lr * opts.lrFactor);
          // Adam reads its learning rate on every step; the field is protected in the typings only.
          (optimizer as unknown as { learningRate: number }).learningRate = lr;
          sinceLr = 0;
        }
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    bestWeights?.forEach((w) => w.dispose());
    tf.dispose([xs, ys, vx, vy]);
    optimizer.dispose();
  }
  return history;
}
