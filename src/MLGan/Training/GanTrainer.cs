using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Runtime;
using MLGan.Data;
using MLGan.Engine;
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
        IFeatureCodec codec = FeatureScaler.Fit(table);
        var device = TorchDevices.Resolve(options.Run.Device);
        using var threads = TorchThreads.Use(options.Run.NumberOfThreads);
        using var channel = host.Start("Training");
        void Log(string message) => channel.Info(MessageSensitivity.None, message);
        int totalSteps = PlannedSteps(options, table.Rows / options.Schedule.BatchSize);
        var plan = GanTrainingPlan.From(options, table.Size, totalSteps);
        using var run = new TrainingRun(plan, codec.Encode(table), table.Size, seed, device);
        Log(string.Format(CultureInfo.InvariantCulture,
            "Training a GAN on {0} rows x {1} values for {2} generator steps ({3} epochs) on {4}; seed {5}; loss {6}.",
            table.Rows, table.Size, totalSteps, options.Schedule.Epochs, device, seed, options.Objective.Loss));
        using var monitor = CollapseMonitor.Create(options, table, heldOut, codec, seed, totalSteps, device, Log);

        var history = new List<GanProgress>();
        using var guard = new DivergenceGuard(table, codec, options.Networks.LatentDimension, seed, device, history);
        guard.KeepHealthy(run.SamplingGenerator, 0);
        var trends = new LossTrendSignals(options.Objective.Loss);
        var clock = Stopwatch.StartNew();
        var interval = new IntervalStats(run);
        int lastCheck = 0;
        for (int step = 1; step <= totalSteps; step++)
        {
            HostInterop.CheckAlive(host);
            run.Step();

            bool last = step == totalSteps;
            bool checkDue = monitor is not null && (step % monitor.Interval == 0 || last);
            if (!checkDue && step % options.Run.ReportInterval != 0 && !last)
                continue;

            var means = run.ReadSums();
            if (guard.Check(means, run.SamplingGenerator) is { } symptom)
                throw Diverged(options, seed, run, guard, step, symptom, history);
            var snapshot = interval.Snapshot(means, step, totalSteps, clock.Elapsed.TotalSeconds);
            var warnings = trends.Check(history.Append(snapshot).ToList());
            // Early warnings are confirmed (or dismissed) by an extra diversity check, at most a few per interval.
            if (monitor is not null && warnings.Count > 0 && step - lastCheck >= Math.Max(1, monitor.Interval / 4))
                checkDue = true;
            bool stop = false;
            if (checkDue)
            {
                lastCheck = step;
                var diversity = monitor!.Check(run.SamplingGenerator, step);
                snapshot = snapshot with { Diversity = diversity };
                if (diversity.IsCollapsed && monitor.ShouldAct(step))
                    stop = monitor.Policy.Act(monitor, run, step, string.Join("; ", diversity.Reasons), warnings);
                else if (diversity.IsCollapsed)
                    warnings.Add("collapse detected: " + string.Join("; ", diversity.Reasons));
            }
            snapshot = snapshot with { Warnings = warnings, MonitorSeconds = monitor?.Seconds ?? 0, ElapsedSeconds = clock.Elapsed.TotalSeconds };
            interval.StartAt(snapshot.ElapsedSeconds); // throughput excludes the check and the reporting
            history.Add(snapshot);
            guard.KeepHealthy(run.SamplingGenerator, step); // after the history entry: the healthy model's history ends with it
            Log(snapshot.ToString());
            foreach (var warning in warnings)
                channel.Warning(MessageSensitivity.None, warning);
            progress?.Report(snapshot);
            if (stop)
                break;
        }

        var generator = run.ReleaseSamplingGenerator();
        Log(string.Format(CultureInfo.InvariantCulture, "Training finished in {0:0.0} s{1}.", clock.Elapsed.TotalSeconds,
            monitor is null ? "" : string.Format(CultureInfo.InvariantCulture, "; collapse monitor {0:0.0} s ({1:P1})", monitor.Seconds, monitor.Seconds / clock.Elapsed.TotalSeconds)));
        return new GeneratorModel(options.FeatureColumnName, options.ResolvedOutputColumnName, options.LatentColumnName, seed, generator, codec, history);
    }

    /// <summary>Generator steps for <see cref="GanScheduleOptions.Epochs"/> passes, capped by <see cref="GanScheduleOptions.MaxSteps"/>.</summary>
    public static int PlannedSteps(GanOptions options, int batchesPerEpoch)
    {
        long byEpochs = Math.Max(1, (long)options.Schedule.Epochs * batchesPerEpoch / options.Schedule.DiscriminatorStepsPerGeneratorStep);
        return (int)Math.Min(byEpochs, options.Schedule.MaxSteps ?? int.MaxValue);
    }

    /// <summary>
    /// The exception for a diverged run: the step, the symptom, advice that works (learning rates at the defaults, or a
    /// tenth of the current ones when they are already at most the defaults) and the last healthy generator.
    /// </summary>
    private static GanTrainingDivergedException Diverged(GanOptions options, int seed, TrainingRun run, DivergenceGuard guard, int step, string symptom, List<GanProgress> history)
    {
        var c = CultureInfo.InvariantCulture;
        static double Lower(double rate) => rate > DefaultLearningRate ? DefaultLearningRate : rate / 10;
        string last = history.Count > 0 ? $" The last report before it was: {history[^1]}." : "";
        string message = string.Format(c,
            "GAN training diverged by generator step {0} (epoch {1:0.##}): {2}.{3} MLGan stops rather than return a broken generator; " +
            "this exception's LastHealthyModel holds the generator of step {4}, the last report that passed the divergence checks. " +
            "Lower the learning rates: GanOptions.Schedule.Generator.LearningRate = {5:G3} and GanOptions.Schedule.Discriminator.LearningRate = {6:G3} (now {7:G3} and {8:G3}).",
            step, run.Epoch, symptom, last, guard.HealthyStep, Lower(options.Schedule.Generator.LearningRate), Lower(options.Schedule.Discriminator.LearningRate),
            options.Schedule.Generator.LearningRate, options.Schedule.Discriminator.LearningRate);
        var model = new GanTransformer(guard.HealthyModel(options, seed, run.Generator.Spec));
        return new GanTrainingDivergedException(message, step, symptom, model, guard.HealthyStep);
    }

    private static readonly double DefaultLearningRate = new GanOptions().Schedule.Generator.LearningRate;

    /// <summary>Rows and timing since the last snapshot (losses are summed on the device by the loop).</summary>
    private sealed class IntervalStats(TrainingRun run)
    {
        private double _startSeconds;
        private long _batchesAtStart;

        public void StartAt(double seconds) => _startSeconds = seconds;

        public GanProgress Snapshot((double DiscriminatorLoss, double GeneratorLoss, double GradientNorm) means, int step, int totalSteps, double elapsedSeconds)
        {
            var snapshot = new GanProgress
            {
                Epoch = run.Epoch,
                Step = step,
                TotalSteps = totalSteps,
                DiscriminatorLoss = means.DiscriminatorLoss,
                GeneratorLoss = means.GeneratorLoss,
                GeneratorGradientNorm = means.GradientNorm,
                SamplesPerSecond = (double)(run.EpochBatchesDrawn - _batchesAtStart) * run.Plan.BatchSize / Math.Max(1e-9, elapsedSeconds - _startSeconds),
                ElapsedSeconds = elapsedSeconds,
            };
            _batchesAtStart = run.EpochBatchesDrawn;
            _startSeconds = elapsedSeconds;
            return snapshot;
        }
    }
}
