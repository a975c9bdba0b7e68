// Conditional DCGAN on real MNIST digits, on the CPU:
//   dotnet run --project examples/Mnist -c Release [-- [train] [output-directory] [steps]]
// trains on the 9,003 training digits (the 997 held-out ones are only scored against), writes a 10x10 grid of generated
// digits (one row per digit, each row led by a real digit of its class), saves the model zip, reloads it in a fresh
// process and checks the images are identical, and scores every digit with the frozen MNIST classifier.
//   dotnet run --project examples/Mnist -c Release -- render <model.zip> <grid.png>   (what the fresh process runs)
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan;
using MLGan.Datasets.Mnist;
using MLGan.Plotting;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
return args.FirstOrDefault() switch
{
    "render" when args.Length == 3 => Render(args[1], args[2]),
    null or "train" => Train(args.Skip(1).FirstOrDefault() ?? Path.Combine("artifacts", "mnist"), args.Length > 2 ? int.Parse(args[2]) : 6000),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Mnist [train [output-directory] [steps]] | render <model.zip> <grid.png>");
    return 2;
}

static int Train(string outputDirectory, int steps)
{
    Directory.CreateDirectory(outputDirectory);
    var ml = new MLContext(seed: 1);
    IDataView train = MnistDigits.Load(ml, MnistSplit.Train); // Features: 1x28x28 pixels in [0, 1]; Label: key "0".."9"

    // A slimmer DCGAN than Radford et al.'s (width 32: 64 -> 32 channels in the generator, 32 -> 64 in the discriminator)
    // with MLGan's default objective and remedies (hinge loss, Adam 1e-3 (0.5, 0.9), minibatch stddev, generator EMA).
    var options = new GanOptions
    {
        LabelColumnName = "Label",
        Networks = { LatentDimension = 64, Convolutional = { GeneratorWidth = 32, DiscriminatorWidth = 32 } },
        Schedule = { BatchSize = 64, MaxSteps = steps, Epochs = 1_000 },
        Run = { Seed = 1, NumberOfThreads = 2, ReportInterval = Math.Max(1, steps / 10) }, // as for the published numbers (the default would be 1: ~2.7 GFLOP per step)
        Monitor = null, // scored below with the classifier's features instead of raw pixels
    };
    Console.WriteLine($"Training a conditional DCGAN on {train.GetRowCount()} MNIST digits for {steps} steps ...");
    var clock = Stopwatch.StartNew();
    using var gan = ml.Gan().Trainers.Gan(options, new ConsoleProgress()).Fit(train);
    Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:0} s: {gan.GeneratorArchitecture}.");

    string modelPath = Path.Combine(outputDirectory, "mnist-cgan.zip"), gridPath = Path.Combine(outputDirectory, "mnist-grid.png");
    ml.Model.Save(gan, train.Schema, modelPath);
    string hash = WriteGrid(ml, gan, gridPath);
    Console.WriteLine($"Wrote {gridPath} and {modelPath}.");

    // The saved model, loaded by a fresh process, must draw the very same images.
    string reloadedGrid = Path.Combine(outputDirectory, "mnist-grid-reloaded.png");
    var child = Process.Start(new ProcessStartInfo("dotnet", new[] { "exec", typeof(Digit).Assembly.Location, "render", modelPath, reloadedGrid }) { RedirectStandardOutput = true })!;
    string childHash = child.StandardOutput.ReadToEnd().Trim();
    child.WaitForExit();
    Console.WriteLine(childHash == hash ? "A fresh process loaded the zip and generated identical images." : $"MISMATCH: the fresh process generated other images ({childHash} vs {hash}).");

    Score(ml, gan);
    return childHash == hash ? 0 : 1;
}

/// <summary>The fresh process: load the zip, draw the grid, print the pixels' hash.</summary>
static int Render(string modelPath, string gridPath)
{
    var ml = new MLContext(seed: 1);
    using var gan = (GanTransformer)ml.Gan().LoadModel(modelPath, out _);
    Console.WriteLine(WriteGrid(ml, gan, gridPath));
    return 0;
}

/// <summary>10 generated digits per class (request seed 7), each row led by a real held-out digit; returns a hash of the generated pixels.</summary>
static string WriteGrid(MLContext ml, GanTransformer gan, string path)
{
    var generated = ml.Gan().GenerateForLabels(gan, 10, seed: 7).GetColumn<float[]>("Features").ToArray();
    var exemplars = Enumerable.Range(0, 10).Select(c => MnistDigits.Read(MnistSplit.Test).First(d => d.Label == c).Pixels.Select(p => p / 255f).ToArray());
    // One row per class: the real digit, then the 10 generated ones (MLGan.Plotting's image grid).
    var tiles = exemplars.Zip(generated.Chunk(10), (real, fakes) => fakes.Prepend(real)).SelectMany(row => row);
    ml.GanPlots().ImageGrid(ml.Data.LoadFromEnumerable(tiles.Select(p => new Digit { Features = p })), path,
        new ImageGridOptions { Columns = 11, MaxImages = 110, Scale = 1, Padding = 2, PixelRange = (0, 1) });
    return Convert.ToHexString(SHA256.HashData(generated.SelectMany(r => r).SelectMany(BitConverter.GetBytes).ToArray()));
}

/// <summary>Per digit: how often the classifier sees the digit asked for, the Fréchet distance and the diversity verdict in its feature space.</summary>
static void Score(MLContext ml, GanTransformer gan)
{
    const int PerDigit = 500;
    using var classifier = MnistClassifier.LoadFrozen();
    var generated = ml.Gan().GenerateForLabels(gan, PerDigit, seed: 11).GetColumn<float[]>("Features").ToArray();
    var train = MnistDigits.Read(MnistSplit.Train);
    var heldOut = MnistDigits.Read(MnistSplit.Test);
    Console.WriteLine($"Scored with the frozen MNIST CNN (99.0% on the held-out digits; features: its 128-unit penultimate layer), {PerDigit} generated digits per class " +
        "against that class's training digits; the held-out real digits of the class, scored the same way, show what healthy looks like:");
    Console.WriteLine("digit  classified as asked  Frechet distance  verdict                 held-out real digits: Frechet distance, verdict");
    for (int digit = 0; digit < 10; digit++)
    {
        var pixels = generated.Skip(digit * PerDigit).Take(PerDigit).SelectMany(r => r).ToArray();
        double asked = classifier.Classify(pixels).Average(c => c == digit ? 1.0 : 0);
        var real = train.Where(d => d.Label == digit).SelectMany(d => d.Pixels.Select(p => p / 255f)).ToArray();
        var realView = Embedding(ml, classifier.Features(real));
        using var scorer = ml.Gan().Transforms.ScoreDiversity(new DiversityScoringOptions { Seed = 1 }).Fit(realView);
        var metrics = ml.Gan().Evaluate(scorer, Embedding(ml, classifier.Features(pixels)));
        var realPixels = heldOut.Where(d => d.Label == digit).SelectMany(d => d.Pixels.Select(p => p / 255f)).ToArray();
        var baseline = ml.Gan().Evaluate(scorer, Embedding(ml, classifier.Features(realPixels)));
        Console.WriteLine($"{digit,5}  {asked,19:P1}  {metrics.FrechetDistance,16:0.00}  {Verdict(metrics),-22}  {baseline.FrechetDistance:0.00}, {Verdict(baseline)} ({baseline.SampleCount} digits)");
        if (metrics.IsCollapsed)
            Console.WriteLine("       " + string.Join("; ", metrics.Reasons));
    }
}

static string Verdict(DiversityMetrics metrics) => metrics.IsCollapsed ? "COLLAPSED" : "healthy";

static IDataView Embedding(MLContext ml, float[] features)
    => ml.Data.LoadFromEnumerable(features.Chunk(MnistClassifier.FeatureSize).Select(f => new Embedded { Features = f }));

/// <summary>A digit's pixels.</summary>
sealed class Digit
{
    [VectorType(1, 28, 28)]
    public float[] Features { get; set; } = Array.Empty<float>();
}

/// <summary>A row of classifier features.</summary>
sealed class Embedded
{
    [VectorType(MnistClassifier.FeatureSize)]
    public float[] Features { get; set; } = Array.Empty<float>();
}

/// <summary>Prints progress on the training thread, in order.</summary>
sealed class ConsoleProgress : IProgress<GanProgress>
{
    public void Report(GanProgress value) => Console.WriteLine($"  {value}");
}
