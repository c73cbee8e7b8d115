// Accuracy of predicted labels against true labels, for every check that measures one (object steps that
// return labels, predictions files), so they count alike.

/** How many positions hold the true label; predicted and truth have the same length. */
export function countCorrect(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct;
}
