using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Runtime;
using MLGan.Data;
using MLGan.Engine;
using MLGan.Generation;
using MLGan.MLNetInternals;
using MLGan.Persistence;
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
        options = NetworkArchitecture.Resolve(options, table);
        BatchSizeRules.Check(options, table.Rows);
        SizeLimits.Check(options, table.Size, table.Image); // before any tensor exists
        var resumed = options.Run.ResumeFrom is { } path ? CheckpointFormat.Read(path) : null;
        if (resumed is not null)
        {
            CheckpointWriter.CheckResumable(resumed, options.Run.ResumeFrom!, options, table);
            seed = resumed.Manifest.Seed;
        }
        var (codec, modes, modeDecision) = Encoding(options, table, seed, resumed?.Codec);
        var device = TorchDevices.Resolve(options.Run.Device);
        using var channel = host.Start("Training");
        void Log(string message) => channel.Info(MessageSensitivity.None, message);
        int batchesPerEpoch = table.Rows / options.Schedule.BatchSize;
        int totalSteps = PlannedSteps(options, batchesPerEpoch);
        // Steps the Escalate policy had added to the checkpoint's run carry over.
        int addedSteps = resumed is null ? 0 : Math.Max(0, resumed.Manifest.TotalSteps - PlannedSteps(resumed.Options, batchesPerEpoch));
        int firstStep = (resumed?.Manifest.Step ?? 0) + 1;
        var startWarnings = new List<string>();
        if (NetworkArchitecture.Warning(options, table) is { } architecture)
            startWarnings.Add(architecture);
        if (table.Labels is { } labels && labels.Classes.Count > 1 && labels.Classes.Count * 5 > table.Rows)
            startWarnings.Add(string.Format(CultureInfo.InvariantCulture,
                "the label column '{0}' has {1} distinct values over {2} rows (fewer than 5 rows per class on average): a conditional GAN learns each class from its own rows. " +
                "If it is a continuous quantity (e.g. a regression target), bin it into classes first, or train without GanOptions.LabelColumnName",
                labels.ColumnName, labels.Classes.Count, table.Rows));
        if (options.Schedule.MaxSteps is int maxSteps && maxSteps > totalSteps)
            startWarnings.Add(string.Format(CultureInfo.InvariantCulture,
                "GanOptions.Schedule.MaxSteps = {0}, but Schedule.Epochs = {1} end training at step {2} (an epoch is {3} batch(es) of {4} of these {5} rows); raise Schedule.Epochs to reach MaxSteps",
                maxSteps, options.Schedule.Epochs, totalSteps, table.Rows / options.Schedule.BatchSize, options.Schedule.BatchSize, table.Rows));
        startWarnings.AddRange(Remedies.TrainingRemedies.All.Where(r => r.IsOn(options)).SelectMany(r => r.StartWarnings(options, table.Size)));
        if (resumed is not null && resumed.Manifest.Step > totalSteps + addedSteps)
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "The checkpoint '{0}' is at step {1}, but these options plan {2} steps; raise GanOptions.Schedule.MaxSteps or Epochs to train beyond it.",
                options.Run.ResumeFrom, resumed.Manifest.Step, totalSteps), "GanOptions.Run.ResumeFrom");
        var plan = GanTrainingPlan.From(options, table.Size, totalSteps, table.Image, table.Labels?.Classes.Count ?? 0, modes);
        plan.Extend(addedSteps); // after the plan's schedules took the planned total, as in the checkpoint's run
        int threadCount = options.Run.NumberOfThreads ?? TorchThreads.DefaultCount(plan, Environment.ProcessorCount);
        using var threads = TorchThreads.Use(threadCount);
        Log(string.Format(CultureInfo.InvariantCulture, "libtorch threads: {0} ({1}; about {2:0.00} GFLOP per step).", threadCount,
            options.Run.NumberOfThreads is null ? "the default for this work per step" : "GanOptions.Run.NumberOfThreads", TorchThreads.FlopsPerStep(plan) / 1e9));
        if (Tensors.MklDispatch.Ensure() is { } matrixKernels)
            Log(matrixKernels + ".");
        if (options.Run.ReuseNativeMemory && NativeMemory.KeepFreedMemoryForReuse() is { } memory)
            Log(memory + ".");
        if (options.Networks.Architecture == GanArchitecture.Dcgan && Networks.Convolutional.ConvolutionBackend.UseLibtorchKernels() is { } kernels)
            Log(kernels + ".");
        using var run = new TrainingRun(plan, codec.Encode(table), table.Size, seed, device, table.Classes);
        if (modeDecision is not null)
            Log("Mode normalization: " + modeDecision + ".");
        Log(string.Format(CultureInfo.InvariantCulture,
            "Training a GAN on {0} rows x {1} values for {2} generator steps ({3} epochs) on {4}; seed {5}; loss {6}.",
            table.Rows, table.Size, totalSteps, options.Schedule.Epochs, device, seed, options.Objective.Loss));
        // The clock starts before the monitor's set-up: elapsed time and the monitor's share both count it.
        var clock = new ResumableClock(resumed?.Manifest.ElapsedSeconds ?? 0);
        using var monitor = CollapseMonitor.Create(options, table, heldOut, codec, seed, totalSteps, device, Log);
        totalSteps += addedSteps;

        var history = resumed?.History.ToList() ?? new List<GanProgress>();
        if (resumed is not null)
        {
            Restore(resumed, options.Run.ResumeFrom!, run, monitor);
            monitor?.Escalation?.Reapply(run);
            Log(string.Format(CultureInfo.InvariantCulture, "Resumed from the checkpoint '{0}' at step {1}.", options.Run.ResumeFrom, resumed.Manifest.Step));
        }
        using var guard = new DivergenceGuard(options, table, codec, seed, device, history);
        guard.KeepHealthy(run.SamplingGenerator, firstStep - 1);
        // In this order: a diverged run stops before anything else looks at it; trend warnings can trigger a diversity check.
        var hooks = new List<IReportHook> { guard, new LossTrendSignals(options.Objective.Loss) };
        if (monitor is not null)
            hooks.Add(monitor);
        if (options.Run.Checkpoint is { } checkpoint)
            hooks.Add(new CheckpointWriter(checkpoint, options, codec, table, seed, monitor, history));
        using var tensorBoard = options.Run.TensorBoardLogDirectory is { } logDirectory
            ? new TensorBoardWriter(logDirectory, codec, table.Image, table.Labels?.Classes.Count ?? 0, run.SamplingGenerator.Spec.InputShape.Single(), seed)
            : null;
        if (tensorBoard is not null)
            hooks.Add(tensorBoard);
        var recovery = options.Run.DivergenceRecovery is { } recoveryOptions ? new DivergenceRecovery(recoveryOptions) : null;
        recovery?.Keep(run, monitor, firstStep - 1, history.Count);
        var interval = new IntervalStats(run, clock.Seconds);
        for (int step = firstStep; step <= totalSteps; step++)
        {
            HostInterop.CheckAlive(host);
            run.Step();

            bool last = step == totalSteps;
            if (step % options.Run.ReportInterval != 0 && !last && !hooks.Any(h => h.WantsReport(step)))
                continue;

            var report = new ProgressReport(run, step, last, interval.Snapshot(run.ReadSums(), step, totalSteps, clock.Seconds), history);
            try
            {
                foreach (var hook in hooks)
                    hook.OnReport(report);
            }
            catch (GanTrainingDivergedException diverged) when (recovery is { CanRollBack: true })
            {
                step = recovery.RollBack(run, monitor, history, diverged);
                channel.Warning(MessageSensitivity.None, $"Training diverged by step {diverged.Step} ({diverged.Symptom}); rolled back to step {step} with lower learning rates.");
                interval = new IntervalStats(run, clock.Seconds);
                continue;
            }
            catch (GanTrainingDivergedException diverged) when (recovery is not null)
            {
                throw recovery.Exhausted(diverged);
            }
            if (recovery is not null)
                report.Warnings.InsertRange(0, recovery.TakeEvents());
            report.Warnings.InsertRange(0, startWarnings);
            startWarnings.Clear();
            var snapshot = report.Snapshot with { Warnings = report.Warnings, MonitorSeconds = monitor?.Seconds ?? 0, ElapsedSeconds = clock.Seconds };
            interval.StartAt(snapshot.ElapsedSeconds); // throughput excludes the check and the reporting
            history.Add(snapshot);
            foreach (var hook in hooks)
                hook.AfterReport(report);
            recovery?.Keep(run, monitor, step, history.Count);
            Log(snapshot.ToString());
            foreach (var warning in report.Warnings)
                channel.Warning(MessageSensitivity.None, warning);
            progress?.Report(snapshot);
            if (report.Stop)
                break;
            if (report.RollBackTo is int back)
            {
                totalSteps += report.ExtendBy;
                run.Plan.Extend(report.ExtendBy);
                step = back;
                interval = new IntervalStats(run, clock.Seconds);
            }
        }

        var generator = run.ReleaseSamplingGenerator();
        codec = QuantileCalibration.Apply(codec, generator, table.Labels, seed, device, Log);
        Log(string.Format(CultureInfo.InvariantCulture, "Training finished in {0:0.0} s{1}.", clock.Seconds,
            monitor is null ? "" : string.Format(CultureInfo.InvariantCulture, "; collapse monitor {0:0.0} s ({1:P1})", monitor.Seconds, monitor.Seconds / clock.Seconds)));
        // A collapsed last check must not hide in the history: say it where the user looks last.
        if (history.LastOrDefault(h => h.Diversity is not null) is { Diversity.IsCollapsed: true } collapsed)
            channel.Warning(MessageSensitivity.None, string.Format(CultureInfo.InvariantCulture,
                "The collapse monitor's last check (step {0}) found the generator collapsed: {1}. The model is returned as trained; " +
                "GanTransformer.LastDiversityCheck holds the check. To react during training, set GanOptions.Monitor.Policy to CollapsePolicy.Escalate or RollBack.",
                collapsed.Step, string.Join("; ", collapsed.Diversity!.Reasons)));
        return new GeneratorModel(options.FeatureColumnName, options.ResolvedOutputColumnName, options.LatentColumnName, seed, generator, codec, history, options,
            monitor?.Escalation?.Changes.ToList()) { Labels = table.Labels };
    }

    /// <summary>
    /// Pixels to [-1, 1] for DCGAN and for MLImage columns (their generated rows are images again); per-slot scaling
    /// otherwise, and then either the modes (<see cref="ModeNormalization"/>, one or more; the codec stays the per-slot
    /// scaling) or the whole-column whitening. <paramref name="resumed"/> is a checkpoint's codec: its run worked by mode
    /// only if it does not whiten, and the modes are fitted again from the same rows and seed, as they were.
    /// </summary>
    /// <returns>The codec, the modes or null, and what the mode search decided (null when it did not run).</returns>
    private static (IFeatureCodec Codec, ModeClusters? Modes, string? Decision) Encoding(GanOptions options, FeatureTable table, int seed, IFeatureCodec? resumed)
    {
        if (options.Networks.Architecture == GanArchitecture.Dcgan || table.IsImageColumn)
            return (resumed ?? PixelCodec.Fit(table, table.Image!), null, null);
        bool tryModes = options.ModeNormalization != ModeNormalization.None && options.Whitening != FeatureWhitening.Always && GanTrainingPlan.TakesModes(options, table.Size);
        var scaling = (FeatureScaler)(resumed ?? FeatureScaler.Fit(table, options.SlotTransform));
        if (!tryModes || scaling.Whitening is not null)
        {
            string? refused = options.ModeNormalization == ModeNormalization.Always && !tryModes
                ? "not used: Whitening = Always, a label column and methods with more networks than one MLP generator and one MLP discriminator train on whole rows"
                : null;
            return (resumed ?? scaling.Whitened(table, options.Whitening), null, refused);
        }
        var modes = ModeClusters.Fit(scaling.Encode(table), table.Size, options.ModeNormalization, seed, out string decision);
        if (modes is { Count: 1 } && options.Whitening == FeatureWhitening.None)
            (modes, decision) = (null, "not used: the rows form no clear modes, and one mode would whiten them (Whitening = None)");
        return modes is not null || resumed is not null
            ? (scaling, modes, decision)
            : (scaling.Whitened(table, options.Whitening), null, decision);
    }

    /// <summary>Puts the run and the monitor where the checkpoint left them; a damaged state names the file.</summary>
    private static void Restore(Checkpoint resumed, string path, TrainingRun run, CollapseMonitor? monitor) => CheckpointFormat.Guarded(path, () =>
    {
        using (var reader = resumed.Run.Open())
            run.ReadState(reader);
        if (monitor is not null && resumed.Monitor is not null)
        {
            using var reader = resumed.Monitor.Open();
            monitor.ReadState(reader);
        }
        return true;
    });

    /// <summary>Elapsed training time, continuing a resumed run's.</summary>
    private sealed class ResumableClock(double before)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public double Seconds => before + _clock.Elapsed.TotalSeconds;
    }

    /// <summary>Generator steps for <see cref="GanScheduleOptions.Epochs"/> passes, capped by <see cref="GanScheduleOptions.MaxSteps"/>.</summary>
    public static int PlannedSteps(GanOptions options, int batchesPerEpoch)
    {
        long byEpochs = Math.Max(1, (long)options.Schedule.Epochs * batchesPerEpoch / options.Schedule.DiscriminatorStepsPerGeneratorStep);
        return (int)Math.Min(byEpochs, options.Schedule.MaxSteps ?? int.MaxValue);
    }

    /// <summary>Rows and timing since the last snapshot (losses are summed on the device by the loop).</summary>
    private sealed class IntervalStats(TrainingRun run, double startSeconds)
    {
        private double _startSeconds = startSeconds;
        private long _batchesAtStart = run.EpochBatchesDrawn;

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
