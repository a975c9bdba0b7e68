using System.Globalization;
using MLGan.Data;
using MLGan.Engine;
using MLGan.Networks;
using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>
/// After training: calibrates the quantile-transformed slots of a vector column to the trained generator
/// (<see cref="FeatureScaler.Calibrated"/>) from <see cref="FeatureScaler.CalibrationRows"/> rows it generates in eval
/// mode, as generation runs it (conditional generators in the training rows' label mix). Deterministic for a seed.
/// </summary>
internal static class QuantileCalibration
{
    /// <summary>Rows generated at a time (bounds the output tensor of wide rows).</summary>
    private const int BlockRows = 10_000;

    /// <returns>The calibrated codec, or <paramref name="codec"/> itself when it has no quantile slot or the rows are not finite.</returns>
    public static IFeatureCodec Apply(IFeatureCodec codec, GanNetwork generator, LabelVocabulary? labels, int seed, Device device, Action<string> log)
    {
        if (codec is not FeatureScaler { HasQuantileSlots: true } scaler)
            return codec;
        var blocks = new List<float[]>();
        bool training = generator.training;
        generator.eval();
        using (var noise = new Generator(RandomStreams.QuantileCalibration(seed), device))
        {
            for (int start = 0; start < scaler.CalibrationRows; start += BlockRows)
            {
                int rows = Math.Min(BlockRows, scaler.CalibrationRows - start);
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var z = randn(new long[] { rows, generator.Spec.InputShape.Single() }, device: device, generator: noise);
                blocks.Add(generator.Forward(z, labels?.Draw(rows, noise, device)).cpu().contiguous().data<float>().ToArray());
            }
        }
        generator.train(training);
        if (!blocks.All(block => block.All(float.IsFinite)))
        {
            log("Quantile calibration skipped: the generator wrote non-finite values.");
            return codec;
        }
        log(string.Format(CultureInfo.InvariantCulture, "Quantile calibration: slot(s) {0} mapped back by the generator's own quantiles ({1:N0} generated rows).",
            string.Join(", ", Enumerable.Range(0, scaler.Size).Where(j => scaler.Quantiles[j] is not null)), scaler.CalibrationRows));
        return scaler.Calibrated(blocks);
    }
}
