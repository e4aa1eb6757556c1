package dev.driftgate.gate.noise;

/**
 * What A/A reruns measured for one category.
 *
 * @param examples      examples scored in every rerun (n)
 * @param rerunSd       root-mean-square of each example's composite standard deviation across reruns
 * @param deltaSe       standard error of the category's mean delta between two runs of the same model,
 *                      sqrt(2 · rerunSd² / n)
 * @param noiseFloor    the drop A/A noise exceeds with probability (1 - confidence) / categories
 *                      (one-sided, Bonferroni): z · deltaSe
 * @param mde           minimum detectable effect: the true drop caught with the configured power,
 *                      noiseFloor + z_power · deltaSe
 */
public record CategoryNoise(int examples, double rerunSd, double deltaSe, double noiseFloor, double mde) {
}
