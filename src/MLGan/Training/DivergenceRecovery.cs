using System.Globalization;
using MLGan.Engine;

namespace MLGan.Training;

/// <summary>
/// <see cref="GanRunOptions.DivergenceRecovery"/>: keeps the run's state of the last healthy report in memory and, on
/// divergence, returns there with every learning rate lowered; the rates fall by the factor once more for every rollback
/// to the same report. The events become warnings of the next history entry.
/// </summary>
internal sealed class DivergenceRecovery(DivergenceRecoveryOptions options)
{
    private byte[]? _run, _monitor;
    private int _step, _historyCount, _rollbacksHere, _rollbacks;
    // Learning rates now, and at the kept report, as a multiple of the options' rates.
    private double _scale = 1, _scaleAtKeep = 1;
    private readonly List<string> _events = new();
    private readonly List<string> _log = new();

    public bool CanRollBack => _rollbacks < options.MaxRollbacks && _run is not null;

    /// <summary>After a healthy report: the state to return to.</summary>
    public void Keep(TrainingRun run, CollapseMonitor? monitor, int step, int historyCount)
    {
        _run = RunState.Capture(run.WriteState);
        _monitor = monitor is null ? null : RunState.Capture(monitor.WriteState);
        (_step, _historyCount, _rollbacksHere, _scaleAtKeep) = (step, historyCount, 0, _scale);
    }

    /// <summary>Returns the run to the kept report with lower learning rates; gives the step it is back at.</summary>
    public int RollBack(TrainingRun run, CollapseMonitor? monitor, List<GanProgress> history, GanTrainingDivergedException diverged)
    {
        diverged.LastHealthyModel?.Dispose(); // training goes on: the exception's copy is not returned
        RunState.Restore(_run!, run.ReadState);
        if (monitor is not null && _monitor is not null)
        {
            // The monitor's time was spent, rolled back or not: its state goes back, its clock does not.
            double seconds = monitor.Seconds;
            RunState.Restore(_monitor, monitor.ReadState);
            monitor.ContinueClockFrom(seconds);
        }
        history.RemoveRange(_historyCount, history.Count - _historyCount);
        _rollbacks++;
        _rollbacksHere++;
        run.ScaleLearningRates(Math.Pow(options.LearningRateFactor, _rollbacksHere));
        _scale = _scaleAtKeep * Math.Pow(options.LearningRateFactor, _rollbacksHere);
        string entry = string.Format(CultureInfo.InvariantCulture,
            "training diverged by step {0} ({1}); rolled back to step {2} and multiplied every learning rate by {3:G3} (rollback {4} of at most {5})",
            diverged.Step, diverged.Symptom, _step, Math.Pow(options.LearningRateFactor, _rollbacksHere), _rollbacks, options.MaxRollbacks);
        _events.Add(entry);
        _log.Add(entry);
        return _step;
    }

    /// <summary>The exception to stop with when no rollback is left: <paramref name="diverged"/>, telling the rollbacks taken.</summary>
    public GanTrainingDivergedException Exhausted(GanTrainingDivergedException diverged)
        => _rollbacks == 0 ? diverged : new GanTrainingDivergedException(
            diverged.Message + string.Format(CultureInfo.InvariantCulture,
                " It had already rolled back {0} time(s) (GanOptions.Run.DivergenceRecovery.MaxRollbacks = {1}), and its last attempt ran at {2:G3} times the options' learning rates: {3}.",
                _rollbacks, options.MaxRollbacks, _scale, string.Join("; ", _log)),
            diverged.Step, diverged.Symptom, diverged.LastHealthyModel!, diverged.LastHealthyStep);

    /// <summary>The rollbacks since the last history entry, as warnings for the next one.</summary>
    public List<string> TakeEvents()
    {
        var events = _events.ToList();
        _events.Clear();
        return events;
    }
}
