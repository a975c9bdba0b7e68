using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Spectre.Console;

namespace MLGan.Cli;

/// <summary><c>mlgan info gan.zip</c>: what a saved model holds: columns, networks, training options and history.</summary>
internal static class InfoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<FileInfo>("model") { Description = "model zip written by 'mlgan train' (or any MLGan model)" };
        var command = new Command("info", "Describe a saved model: columns, networks, training options and history") { model };
        command.SetAction(result => Run(console, result.GetRequiredValue(model)));
        return command;
    }

    private static int Run(IAnsiConsole console, FileInfo file)
    {
        var ml = new MLContext(seed: 1);
        var saved = ModelFile.Load(ml, file);
        var gan = saved.Gan;
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).AddColumns("", "").HideHeaders();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

        Row("file", $"{file.FullName} ({file.Length / 1024.0:0} KiB)");
        Row("input columns", string.Join(", ", saved.InputSchema.Select(col => $"{col.Name} ({col.Type})")));
        Row("generated columns", $"{gan.FeatureSize}: {string.Join(", ", saved.FeatureNames)}");
        Row("labels", gan.Labels is null ? "none (unconditional)" : $"{gan.LabelColumnName}: {string.Join(", ", gan.Labels.Take(20))}{(gan.Labels.Count > 20 ? $" ... ({gan.Labels.Count})" : "")}");
        Row("generator", gan.GeneratorArchitecture);
        Row("latent dimension", gan.LatentDimension.ToString(c));
        if (gan.ModeCount > 0)
            Row("modes", gan.ModeCount == 1 ? "1 (mode normalization: the rows whitened as one mode)"
                : $"{gan.ModeCount.ToString(c)} (mode normalization: each cluster of the training rows generated in its share)");
        if (gan.GeneratorCount > 1)
            Row("generators", gan.GeneratorCount.ToString(c));
        Row("seed", gan.Seed.ToString(c));
        if (gan.TrainingOptions is { } options)
            Row("training options", string.Create(c,
                $"loss {options.Objective.Loss}, batch {options.Schedule.BatchSize}, epochs {options.Schedule.Epochs}{(options.Schedule.MaxSteps is { } max ? $", at most {max} steps" : "")}, " +
                $"Adam {options.Schedule.Generator.LearningRate:G3} (generator) / {options.Schedule.Discriminator.LearningRate:G3} (discriminator), monitor {(options.Monitor is null ? "off" : "on")}, " +
                $"slot transform {options.SlotTransform}, whitening {options.Whitening}, mode normalization {options.ModeNormalization}"));

        var history = gan.TrainingHistory;
        if (history.Count > 0)
        {
            var last = history[^1];
            Row("training", string.Create(c, $"{last.Step:N0} steps in {last.ElapsedSeconds:0.0} s ({history.Count} reports); last losses: discriminator {last.DiscriminatorLoss:0.###}, generator {last.GeneratorLoss:0.###}"));
            var checks = history.Where(h => h.Diversity is not null).ToList();
            Row("collapse monitor", checks.Count == 0 ? "no checks"
                : $"{checks.Count} checks, {checks.Count(h => h.Diversity!.IsCollapsed)} judged collapsed; last: {(checks[^1].Diversity!.IsCollapsed ? "COLLAPSED: " + string.Join("; ", checks[^1].Diversity!.Reasons) : "healthy")}");
        }
        foreach (var change in gan.ScheduleChanges)
            Row("schedule change", change.ToString() ?? "");
        console.Write(table);
        return 0;
    }
}
