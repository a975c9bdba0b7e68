// Images and labels as a file-based app:  dotnet run examples/apps/mnist-digits.cs [steps]
// A conditional DCGAN on real MNIST digits (the bundled 9,003 training digits), then a grid of generated digits, one
// row per class (artifacts/apps/mnist-digits/). The full example with classifier scores is examples/Mnist.
#:project ../../src/MLGan.Plotting/MLGan.Plotting.csproj
#:project ../../src/MLGan.Datasets.Mnist/MLGan.Datasets.Mnist.csproj
#:property UsesTorchNative=true
#:property PublishAot=false
using Microsoft.ML;
using MLGan;
using MLGan.Datasets.Mnist;
using MLGan.Plotting;

int steps = args.Length > 0 ? int.Parse(args[0]) : 1_500;
string output = Path.Combine("artifacts", "apps", "mnist-digits");
var ml = new MLContext(seed: 1);
IDataView digits = MnistDigits.Load(ml, MnistSplit.Train);   // Features: 1x28x28 pixels in [0, 1]; Label: "0" to "9"

using var gan = ml.Gan().Trainers.Gan(new GanOptions
{
    LabelColumnName = "Label",
    Networks = { LatentDimension = 64, Convolutional = { GeneratorWidth = 32, DiscriminatorWidth = 32 } },
    Schedule = { BatchSize = 64, MaxSteps = steps, Epochs = 1_000 },
    Run = { Seed = 1, ReportInterval = Math.Max(1, steps / 5) },
    Monitor = null,
}, new ConsoleProgress()).Fit(digits);
Console.WriteLine($"Trained: {gan.GeneratorArchitecture}");

// 10 digits per class, in label order: one grid row per class.
ml.GanPlots().ImageGrid(ml.Gan().GenerateForLabels(gan, 10, seed: 7), Path.Combine(output, "digits.png"),
    new ImageGridOptions { Columns = 10, Scale = 2, PixelRange = (0, 1) });
Console.WriteLine($"Wrote {output}/digits.png");

/// <summary>Prints each progress report on the training thread, in order (Progress&lt;T&gt; would print on the thread pool).</summary>
sealed class ConsoleProgress : IProgress<GanProgress>
{
    public void Report(GanProgress p) => Console.WriteLine($"  step {p.Step}/{p.TotalSteps}: D {p.DiscriminatorLoss:0.000}, G {p.GeneratorLoss:0.000}");
}
