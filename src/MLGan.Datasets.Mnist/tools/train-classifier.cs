// Trains the frozen MNIST classifier on the training split (9,000 digits) and writes ../Data/mnist-classifier.weights;
// prints the held-out accuracy (1,000 digits). Deterministic on one thread: rerunning gives the same weights.
//   dotnet run src/MLGan.Datasets.Mnist/tools/train-classifier.cs
#:project ../MLGan.Datasets.Mnist.csproj
#:property UsesTorchNative=true
#:property PublishAot=false
using MLGan.Datasets.Mnist;

TorchSharp.torch.set_num_threads(1);
const int Seed = 20261130, Epochs = 15;
var watch = System.Diagnostics.Stopwatch.StartNew();
using var classifier = MnistClassifier.Train(MnistDigits.Read(MnistSplit.Train), Seed, Epochs, message => Console.WriteLine($"{message} ({watch.Elapsed.TotalSeconds:0} s)"));
string path = Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Data", MnistClassifier.WeightsResource);
classifier.Save(path);
Console.WriteLine($"held-out accuracy {classifier.Accuracy(MnistDigits.Read(MnistSplit.Test)):P2} on {MnistDigits.Read(MnistSplit.Test).Count} digits; wrote {Path.GetFullPath(path)}");

static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
