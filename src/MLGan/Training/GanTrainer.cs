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
/// planned number of steps, reports progress, runs the collapse monitor, watches for divergence and
/// cancellation, and returns the trained generator as a <see cref="GeneratorModel"/>.
/// </summary>
internal static class GanTrainer
{
    /// <param name="heldOut">Validation rows the collapse monitor scores against; a sample of <paramref name="table"/> when null.</param>
    public static GeneratorModel Train(IHost host, GanOptions options, FeatureTable table, int seed, IProgress<GanProgress>? progress, FeatureTable? heldOut = null)
    {
        if (table.Rows < options.BatchSize)
            throw new InvalidOperationException(
                $"The training data has {table.Rows} rows, fewer than one batch (GanOptions.BatchSize = {options.BatchSize}). " +
                $"Set BatchSize to at most {table.Rows} or train on more rows.");

        var scaler = FeatureScaler.Fit(table);
        var device = TorchDevices.Resolve(options.Device);
        using var threads = TorchThreads.Use(options.NumberOfThreads);
        using var channel = host.Start("Training");
        void Log(string message) => channel.Info(MessageSensitivity.None, message);
        var sampler = new BatchSampler(table.Rows, options.BatchSize, seed);
        int totalSteps = PlannedSteps(options, sampler.BatchesPerEpoch);
        using var loop = new GanTrainingLoop(options, scaler.Transform(table), table.Size, seed, totalSteps, device);
        Log(string.Format(CultureInfo.InvariantCulture,
            "Training a GAN on {0} rows x {1} values for {2} generator steps ({3} epochs) on {4}; seed {5}; loss {6}.",
            table.Rows, table.Size, totalSteps, options.Epochs, device, seed, options.Loss));
        using var monitor = CollapseMonitor.Create(options, table, heldOut, scaler, seed, totalSteps, device, Log);

        var history = new List<GanProgress>();
        var trends = new LossTrendSignals(options.Loss);
        var clock = Stopwatch.StartNew();
        var interval = new IntervalStats();
        int lastCheck = 0;
        for (int step = 1; step <= totalSteps; step++)
        {
            HostInterop.CheckAlive(host);
            for (int k = 0; k < options.DiscriminatorStepsPerGeneratorStep; k++)
                interval.AddDiscriminator(CheckFinite(loop.DiscriminatorStep(sampler.Next()), "discriminator", step, sampler.Epoch, history), options.BatchSize);
            var (generatorLoss, gradientNorm) = loop.GeneratorStep();
            interval.AddGenerator(CheckFinite(generatorLoss, "generator", step, sampler.Epoch, history), gradientNorm);

            bool last = step == totalSteps;
            bool checkDue = monitor is not null && (step % monitor.Interval == 0 || last);
            if (!checkDue && step % options.ReportInterval != 0 && !last)
                continue;

            var snapshot = interval.Snapshot(sampler.Epoch, step, totalSteps, clock.Elapsed.TotalSeconds);
            var warnings = trends.Check(history.Append(snapshot).ToList());
            // Early warnings are confirmed (or dismissed) by an extra diversity check, at most a few per interval.
            if (monitor is not null && warnings.Count > 0 && step - lastCheck >= Math.Max(1, monitor.Interval / 4))
                checkDue = true;
            bool stop = false;
            if (checkDue)
            {
                lastCheck = step;
                var diversity = monitor!.Check(loop.SamplingGenerator, step);
                snapshot = snapshot with { Diversity = diversity };
                if (diversity.IsCollapsed && monitor.ShouldAct(step))
                    stop = Act(monitor, loop, step, diversity, warnings);
                else if (diversity.IsCollapsed)
                    warnings.Add("collapse detected: " + string.Join("; ", diversity.Reasons));
            }
            snapshot = snapshot with { Warnings = warnings, MonitorSeconds = monitor?.Seconds ?? 0, ElapsedSeconds = clock.Elapsed.TotalSeconds };
            interval.StartAt(snapshot.ElapsedSeconds); // throughput excludes the check and the reporting
            history.Add(snapshot);
            Log(snapshot.ToString());
            foreach (var warning in warnings)
                channel.Warning(MessageSensitivity.None, warning);
            progress?.Report(snapshot);
            if (stop)
                break;
        }

        var generator = loop.ReleaseSamplingGenerator();
        Log(string.Format(CultureInfo.InvariantCulture, "Training finished in {0:0.0} s{1}.", clock.Elapsed.TotalSeconds,
            monitor is null ? "" : string.Format(CultureInfo.InvariantCulture, "; collapse monitor {0:0.0} s ({1:P1})", monitor.Seconds, monitor.Seconds / clock.Elapsed.TotalSeconds)));
        return new GeneratorModel(options.FeatureColumnName, options.ResolvedOutputColumnName, options.LatentColumnName, seed, generator, scaler, history);
    }

    /// <summary>Applies the monitor's policy to a confirmed collapse; returns whether training stops.</summary>
    private static bool Act(CollapseMonitor monitor, GanTrainingLoop loop, int step, DiversityMetrics diversity, List<string> warnings)
    {
        string reasons = string.Join("; ", diversity.Reasons);
        switch (monitor.Policy)
        {
            case CollapsePolicy.Stop:
                warnings.Add($"collapse confirmed ({reasons}); training stopped at step {step}");
                return true;
            case CollapsePolicy.RollBack:
                monitor.RestoreBest(loop.SamplingGenerator);
                warnings.Add(string.Format(CultureInfo.InvariantCulture,
                    "collapse confirmed ({0}); training stopped and the generator rolled back to step {1} (coverage {2:0.00})", reasons, monitor.BestStep, monitor.BestCoverage));
                return true;
            default:
                warnings.Add($"collapse confirmed: {reasons}");
                return false;
        }
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
        private double _discriminatorSum, _generatorSum, _normSum, _startSeconds;
        private int _discriminatorCount, _generatorCount;
        private long _rows;

        public void AddDiscriminator(float loss, int rows)
        {
            _discriminatorSum += loss;
            _discriminatorCount++;
            _rows += rows;
        }

        public void AddGenerator(float loss, float gradientNorm)
        {
            _generatorSum += loss;
            _normSum += gradientNorm;
            _generatorCount++;
        }

        public void StartAt(double seconds) => _startSeconds = seconds;

        public GanProgress Snapshot(double epoch, int step, int totalSteps, double elapsedSeconds)
        {
            var snapshot = new GanProgress
            {
                Epoch = epoch,
                Step = step,
                TotalSteps = totalSteps,
                DiscriminatorLoss = _discriminatorSum / Math.Max(1, _discriminatorCount),
                GeneratorLoss = _generatorSum / Math.Max(1, _generatorCount),
                GeneratorGradientNorm = _normSum / Math.Max(1, _generatorCount),
                SamplesPerSecond = _rows / Math.Max(1e-9, elapsedSeconds - _startSeconds),
                ElapsedSeconds = elapsedSeconds,
            };
            _discriminatorSum = _generatorSum = _normSum = 0;
            _discriminatorCount = _generatorCount = 0;
            _rows = 0;
            _startSeconds = elapsedSeconds;
            return snapshot;
        }
    }
}
