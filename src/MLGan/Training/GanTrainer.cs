using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Runtime;
using MLGan.Data;
using MLGan.Generation;
using MLGan.MLNetInternals;
using TorchSharp;

namespace MLGan.Training;

/// <summary>
/// Runs a training session: scales the data, alternates discriminator and generator phases for the
/// planned number of steps, reports progress, watches for divergence and cancellation, and returns the
/// trained generator as a <see cref="GeneratorModel"/>.
/// </summary>
internal static class GanTrainer
{
    public static GeneratorModel Train(IHost host, GanOptions options, FeatureTable table, int seed, IProgress<GanProgress>? progress)
    {
        if (table.Rows < options.BatchSize)
            throw new InvalidOperationException(
                $"The training data has {table.Rows} rows, fewer than one batch (GanOptions.BatchSize = {options.BatchSize}). " +
                $"Set BatchSize to at most {table.Rows} or train on more rows.");

        var scaler = FeatureScaler.Fit(table);
        var device = TorchDevices.Resolve(options.Device);
        using var threads = TorchThreads.Use(options.NumberOfThreads);
        using var channel = host.Start("Training");
        using var loop = new GanTrainingLoop(options, scaler.Transform(table), table.Size, seed, device);
        var sampler = new BatchSampler(table.Rows, options.BatchSize, seed);
        int totalSteps = PlannedSteps(options, sampler.BatchesPerEpoch);
        channel.Info(MessageSensitivity.None, string.Format(CultureInfo.InvariantCulture,
            "Training a GAN on {0} rows x {1} values for {2} generator steps ({3} epochs) on {4}; seed {5}; loss {6}.",
            table.Rows, table.Size, totalSteps, options.Epochs, device, seed, options.Loss));

        var history = new List<GanProgress>();
        var clock = Stopwatch.StartNew();
        var interval = new IntervalStats();
        bool success = false;
        try
        {
            for (int step = 1; step <= totalSteps; step++)
            {
                HostInterop.CheckAlive(host);
                for (int k = 0; k < options.DiscriminatorStepsPerGeneratorStep; k++)
                    interval.AddDiscriminator(CheckFinite(loop.DiscriminatorStep(sampler.Next()), "discriminator", step, sampler.Epoch, history), options.BatchSize);
                interval.AddGenerator(CheckFinite(loop.GeneratorStep(), "generator", step, sampler.Epoch, history));

                if (step % options.ReportInterval == 0 || step == totalSteps)
                {
                    var snapshot = interval.Snapshot(sampler.Epoch, step, totalSteps, clock.Elapsed.TotalSeconds);
                    history.Add(snapshot);
                    channel.Info(MessageSensitivity.None, snapshot.ToString());
                    progress?.Report(snapshot);
                }
            }
            success = true;
        }
        finally
        {
            if (!success)
                loop.Generator.Dispose();
        }

        loop.Generator.to(TorchSharp.torch.CPU);
        loop.Generator.eval();
        channel.Info(MessageSensitivity.None, string.Format(CultureInfo.InvariantCulture, "Training finished in {0:0.0} s.", clock.Elapsed.TotalSeconds));
        return new GeneratorModel(options.FeatureColumnName, options.ResolvedOutputColumnName, options.LatentColumnName, seed, loop.Generator, scaler, history);
    }

    /// <summary>Generator steps for <see cref="GanOptions.Epochs"/> passes, capped by <see cref="GanOptions.MaxSteps"/>.</summary>
    public static int PlannedSteps(GanOptions options, int batchesPerEpoch)
    {
        long byEpochs = Math.Max(1, (long)options.Epochs * batchesPerEpoch / options.DiscriminatorStepsPerGeneratorStep);
        return (int)Math.Min(byEpochs, options.MaxSteps ?? int.MaxValue);
    }

    private static float CheckFinite(float loss, string player, int step, double epoch, List<GanProgress> history)
    {
        if (float.IsFinite(loss))
            return loss;
        string last = history.Count > 0 ? $" The last report before it was: {history[^1]}." : "";
        throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
            "GAN training diverged: the {0} loss became {1} at generator step {2} (epoch {3:0.##}).{4} " +
            "Try lower learning rates (GanOptions.GeneratorLearningRate / DiscriminatorLearningRate), a bounded objective " +
            "(GanOptions.Loss = GanLoss.WassersteinGP or GanLoss.Hinge), or check the data for extreme values.",
            player, loss, step, epoch, last));
    }

    /// <summary>Loss sums and timing since the last snapshot.</summary>
    private sealed class IntervalStats
    {
        private double _discriminatorSum, _generatorSum, _startSeconds;
        private int _discriminatorCount, _generatorCount;
        private long _rows;

        public void AddDiscriminator(float loss, int rows)
        {
            _discriminatorSum += loss;
            _discriminatorCount++;
            _rows += rows;
        }

        public void AddGenerator(float loss)
        {
            _generatorSum += loss;
            _generatorCount++;
        }

        public GanProgress Snapshot(double epoch, int step, int totalSteps, double elapsedSeconds)
        {
            var snapshot = new GanProgress
            {
                Epoch = epoch,
                Step = step,
                TotalSteps = totalSteps,
                DiscriminatorLoss = _discriminatorSum / Math.Max(1, _discriminatorCount),
                GeneratorLoss = _generatorSum / Math.Max(1, _generatorCount),
                SamplesPerSecond = _rows / Math.Max(1e-9, elapsedSeconds - _startSeconds),
                ElapsedSeconds = elapsedSeconds,
            };
            _discriminatorSum = _generatorSum = 0;
            _discriminatorCount = _generatorCount = 0;
            _rows = 0;
            _startSeconds = elapsedSeconds;
            return snapshot;
        }
    }
}
