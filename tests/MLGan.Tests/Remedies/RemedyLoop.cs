using MLGan.Datasets;
using MLGan.Engine;
using MLGan.Training;
using static TorchSharp.torch;

namespace MLGan.Tests.Remedies;

/// <summary>A training loop on a small seeded ring, for tests that look inside one update.</summary>
internal static class RemedyLoop
{
    public static TrainingRun Create(GanOptions options, int rows = 256, int totalSteps = 100)
    {
        var data = GaussianMixture.Ring().Sample(rows, 1).SelectMany(r => r).ToArray();
        return new TrainingRun(GanTrainingPlan.From(options, 2, totalSteps), data, 2, options.Run.Seed ?? 7, CPU);
    }

    /// <summary>One run of the discriminator's phase (a batch of the epoch schedule).</summary>
    public static void DiscriminatorStep(this TrainingRun run) => run.RunPhase(run.Plan.DiscriminatorPhase);

    /// <summary>One run of the generator's phase (with its wrappers, e.g. unrolling).</summary>
    public static void GeneratorStep(this TrainingRun run) => run.RunPhase(run.Plan.GeneratorPhase);

    public static float[][] Values(IEnumerable<TorchSharp.Modules.Parameter> parameters)
        => parameters.Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    public static void AssertSame(float[][] expected, float[][] actual, string message)
    {
        Assert.AreEqual(expected.Length, actual.Length, message);
        for (int i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"{message} (tensor {i})");
    }
}
