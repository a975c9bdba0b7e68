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
/// Runs a training session: encodes the data, assembles the plan, runs its steps (<see cref="TrainingRun"/>), and at
/// each progress report runs the report hooks — divergence detection (<see cref="DivergenceGuard"/>; a diverged run
/// throws <see cref="GanTrainingDivergedException"/> carrying the last healthy generator), loss-trend warnings and the
/// collapse monitor with its policy — then records, logs and reports the snapshot. Checks cancellation every step and
/// returns the trained generator as a <see cref="GeneratorModel"/>.
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
        using var guard = new DivergenceGuard(options, table, codec, seed, device, history);
        guard.KeepHealthy(run.SamplingGenerator, 0);
        // In this order: a diverged run stops before anything else looks at it; trend warnings can trigger a diversity check.
        var hooks = new List<IReportHook> { guard, new LossTrendSignals(options.Objective.Loss) };
        if (monitor is not null)
            hooks.Add(monitor);
        var clock = Stopwatch.StartNew();
        var interval = new IntervalStats(run);
        for (int step = 1; step <= totalSteps; step++)
        {
            HostInterop.CheckAlive(host);
            run.Step();

            bool last = step == totalSteps;
            if (step % options.Run.ReportInterval != 0 && !last && !hooks.Any(h => h.WantsReport(step)))
                continue;

            var report = new ProgressReport(run, step, last, interval.Snapshot(run.ReadSums(), step, totalSteps, clock.Elapsed.TotalSeconds), history);
            foreach (var hook in hooks)
                hook.OnReport(report);
            var snapshot = report.Snapshot with { Warnings = report.Warnings, MonitorSeconds = monitor?.Seconds ?? 0, ElapsedSeconds = clock.Elapsed.TotalSeconds };
            interval.StartAt(snapshot.ElapsedSeconds); // throughput excludes the check and the reporting
            history.Add(snapshot);
            foreach (var hook in hooks)
                hook.AfterReport(report);
            Log(snapshot.ToString());
            foreach (var warning in report.Warnings)
                channel.Warning(MessageSensitivity.None, warning);
            progress?.Report(snapshot);
            if (report.Stop)
                break;
        }

        var generator = run.ReleaseSamplingGenerator();
        Log(string.Format(CultureInfo.InvariantCulture, "Training finished in {0:0.0} s{1}.", clock.Elapsed.TotalSeconds,
            monitor is null ? "" : string.Format(CultureInfo.InvariantCulture, "; collapse monitor {0:0.0} s ({1:P1})", monitor.Seconds, monitor.Seconds / clock.Elapsed.TotalSeconds)));
        return new GeneratorModel(options.FeatureColumnName, options.ResolvedOutputColumnName, options.LatentColumnName, seed, generator, codec, history, options);
    }

    /// <summary>Generator steps for <see cref="GanScheduleOptions.Epochs"/> passes, capped by <see cref="GanScheduleOptions.MaxSteps"/>.</summary>
    public static int PlannedSteps(GanOptions options, int batchesPerEpoch)
    {
        long byEpochs = Math.Max(1, (long)options.Schedule.Epochs * batchesPerEpoch / options.Schedule.DiscriminatorStepsPerGeneratorStep);
        return (int)Math.Min(byEpochs, options.Schedule.MaxSteps ?? int.MaxValue);
    }

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
