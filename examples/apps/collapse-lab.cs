// The collapse lab as a file-based app:  dotnet run examples/apps/collapse-lab.cs [steps]
// A plain GAN of the literature and MLGan's defaults on the 5x5 grid of Gaussians, side by side: the collapse
// monitor's verdicts during training, the diversity report of each result, and real vs generated plots coloured by
// nearest mode (artifacts/apps/collapse-lab/).
#:project ../../src/MLGan.Plotting/MLGan.Plotting.csproj
#:property UsesTorchNative=true
#:property PublishAot=false
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan;
using MLGan.Datasets;
using MLGan.Plotting;

int steps = args.Length > 0 ? int.Parse(args[0]) : 5_000;
string output = Path.Combine("artifacts", "apps", "collapse-lab");
var grid = GaussianMixture.Grid();   // 25 modes, spacing 2, std 0.05
var ml = new MLContext(seed: 1);
IDataView real = ml.Data.LoadFromEnumerable(grid.Sample(10_000, seed: 1).Select(p => new Point { Features = p }));
using var scorer = ml.Gan().Transforms.ScoreDiversity(grid.ScoringOptions()).Fit(real);

// The plain GAN: non-saturating loss, Adam 2e-4 (0.5, 0.999), no remedies. MLGan's defaults: hinge loss, Adam 1e-3
// (0.5, 0.9), minibatch standard deviation, generator EMA.
var plain = new GanOptions
{
    Objective = { Loss = GanLoss.NonSaturating },
    Schedule =
    {
        Generator = { LearningRate = 2e-4, Beta1 = 0.5, Beta2 = 0.999 },
        Discriminator = { LearningRate = 2e-4, Beta1 = 0.5, Beta2 = 0.999 },
    },
    Remedies = { MinibatchStandardDeviation = { Enabled = false }, GeneratorEma = { Decay = 0 } },
};
Directory.CreateDirectory(output);
foreach (var (name, options) in new[] { ("plain GAN", plain), ("MLGan defaults", new GanOptions()) })
{
    options.Schedule.Epochs = 1_000;
    options.Schedule.MaxSteps = steps;
    options.Run.Seed = 1;
    options.Run.ReportInterval = Math.Max(1, steps / 5);
    Console.WriteLine($"== {name}: {steps} steps");
    using var gan = ml.Gan().Trainers.Gan(options).Fit(real);
    foreach (var check in gan.TrainingHistory.Where(h => h.Diversity is not null))
        Console.WriteLine($"  monitor at step {check.Step}: {check.Diversity!.ModesCaptured}/{check.Diversity.TotalModes} modes, {(check.Diversity.IsCollapsed ? "collapsed" : "healthy")}");

    var generated = ml.Gan().Generate(gan, 2_500, seed: 42);
    var metrics = ml.Gan().Evaluate(scorer.Transform(generated));
    Console.WriteLine(metrics);
    string file = name.Replace(' ', '-').ToLowerInvariant();
    ml.GanPlots().Comparison(real, generated, Path.Combine(output, $"{file}.png"),
        new ComparisonPlotOptions { ModeCenters = grid.Centers, MaxPointsPerSet = 2_500, Title = $"5x5 grid, {name}: {metrics.ModesCaptured}/25 modes" });
    if (gan.TrainingHistory.Any(h => h.Diversity is not null))
        gan.TrainingHistory.PlotDiversity(Path.Combine(output, $"{file}-monitor.png"));
}
Console.WriteLine($"Wrote the plots to {output}");

sealed class Point
{
    [VectorType(2)]
    public float[] Features { get; set; } = Array.Empty<float>();
}
