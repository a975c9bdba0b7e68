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
/// planned number of steps, reports progress, runs the collapse monitor, watches for divergence (see
/// <see cref="DivergenceGuard"/>; a diverged run throws <see cref="GanTrainingDivergedException"/> carrying the last
/// healthy generator) and cancellation, and returns the trained generator as a <see cref="GeneratorModel"/>.
/// </summary>
internal static class GanTrainer
{
    /// <param name="heldOut">Validation rows the collapse monitor scores against; a sample of <paramref name="table"/> when null.</param>
    public static GeneratorModel Train(IHost host, GanOptions options, FeatureTable table, int seed, IProgress<GanProgress>? progress, FeatureTable? heldOut = null)
    {
        BatchSizeRules.Check(options, table.Rows);
        SizeLimits.Check(options, table.Size); // before any tensor exists
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
        using var guard = new DivergenceGuard(table, scaler, options.LatentDimension, seed, device, history);
        guard.KeepHealthy(loop.SamplingGenerator, 0);
        var trends = new LossTrendSignals(options.Loss);
        var clock = Stopwatch.StartNew();
        var interval = new IntervalStats();
        int lastCheck = 0;
        for (int step = 1; step <= totalSteps; step++)
        {
            HostInterop.CheckAlive(host);
            for (int k = 0; k < options.DiscriminatorStepsPerGeneratorStep; k++)
            {
                loop.DiscriminatorStep(sampler.Next());
                interval.AddRows(options.BatchSize);
            }
            loop.GeneratorStep();

            bool last = step == totalSteps;
            bool checkDue = monitor is not null && (step % monitor.Interval == 0 || last);
            if (!checkDue && step % options.ReportInterval != 0 && !last)
                continue;

            var means = loop.ReadSums();
            if (guard.Check(means, loop.SamplingGenerator) is { } symptom)
                throw Diverged(options, seed, loop, guard, step, sampler.Epoch, symptom, history);
            var snapshot = interval.Snapshot(means, sampler.Epoch, step, totalSteps, clock.Elapsed.TotalSeconds);
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
            guard.KeepHealthy(loop.SamplingGenerator, step); // after the history entry: the healthy model's history ends with it
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

    /// <summary>
    /// The exception for a diverged run: the step, the symptom, advice that works (learning rates at the defaults, or a
    /// tenth of the current ones when they are already at most the defaults) and the last healthy generator.
    /// </summary>
    private static GanTrainingDivergedException Diverged(GanOptions options, int seed, GanTrainingLoop loop, DivergenceGuard guard, int step, double epoch, string symptom, List<GanProgress> history)
    {
        var c = CultureInfo.InvariantCulture;
        static double Lower(double rate) => rate > DefaultLearningRate ? DefaultLearningRate : rate / 10;
        string last = history.Count > 0 ? $" The last report before it was: {history[^1]}." : "";
        string message = string.Format(c,
            "GAN training diverged by generator step {0} (epoch {1:0.##}): {2}.{3} MLGan stops rather than return a broken generator; " +
            "this exception's LastHealthyModel holds the generator of step {4}, the last report that passed the divergence checks. " +
            "Lower the learning rates: GanOptions.GeneratorLearningRate = {5:G3} and DiscriminatorLearningRate = {6:G3} (now {7:G3} and {8:G3}).",
            step, epoch, symptom, last, guard.HealthyStep, Lower(options.GeneratorLearningRate), Lower(options.DiscriminatorLearningRate),
            options.GeneratorLearningRate, options.DiscriminatorLearningRate);
        var model = new GanTransformer(guard.HealthyModel(options, seed, loop.Generator.Spec));
        return new GanTrainingDivergedException(message, step, symptom, model, guard.HealthyStep);
    }

    private static readonly double DefaultLearningRate = new GanOptions().GeneratorLearningRate;

    /// <summary>Rows and timing since the last snapshot (losses are summed on the device by the loop).</summary>
    private sealed class IntervalStats
    {
        private double _startSeconds;
        private long _rows;

        public void AddRows(int rows) => _rows += rows;

        public void StartAt(double seconds) => _startSeconds = seconds;

        public GanProgress Snapshot((double DiscriminatorLoss, double GeneratorLoss, double GradientNorm) means, double epoch, int step, int totalSteps, double elapsedSeconds)
        {
            var snapshot = new GanProgress
            {
                Epoch = epoch,
                Step = step,
                TotalSteps = totalSteps,
                DiscriminatorLoss = means.DiscriminatorLoss,
                GeneratorLoss = means.GeneratorLoss,
                GeneratorGradientNorm = means.GradientNorm,
                SamplesPerSecond = _rows / Math.Max(1e-9, elapsedSeconds - _startSeconds),
                ElapsedSeconds = elapsedSeconds,
            };
            _rows = 0;
            _startSeconds = elapsedSeconds;
            return snapshot;
        }
    }
}
