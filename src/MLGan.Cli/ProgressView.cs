using Spectre.Console;

namespace MLGan.Cli;

/// <summary>
/// Training progress on the console: a live bar (step, losses, the monitor's last verdict, time left) on an
/// interactive terminal; one line per progress report when the output is redirected (logs, tests).
/// </summary>
internal static class ProgressView
{
    public static T Run<T>(IAnsiConsole console, Func<IProgress<GanProgress>, T> train)
    {
        if (!console.Profile.Capabilities.Interactive)
            return train(new Lines(console));
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = train(new Bar(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>What one report says, in one line.</summary>
    public static string Describe(GanProgress report)
    {
        string check = report.Diversity is null ? "" : report.Diversity.IsCollapsed ? "  monitor: COLLAPSED" : $"  monitor: healthy ({report.Diversity.ModesCaptured}/{report.Diversity.TotalModes} modes)";
        return $"step {report.Step:N0}/{report.TotalSteps:N0}  D {report.DiscriminatorLoss:0.000}  G {report.GeneratorLoss:0.000}{check}";
    }

    /// <summary>Reports arrive on the training thread, in order; Spectre renders them on its own thread.</summary>
    private sealed class Bar(ProgressTask task) : IProgress<GanProgress>
    {
        public void Report(GanProgress value)
        {
            task.MaxValue = Math.Max(1, value.TotalSteps);
            task.Value = value.Step;
            task.Description = Markup.Escape(Describe(value));
        }
    }

    private sealed class Lines(IAnsiConsole console) : IProgress<GanProgress>
    {
        public void Report(GanProgress value) => console.WriteLine("  " + Describe(value));
    }
}
