using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Datasets.Mnist;

/// <summary>
/// A small convolutional MNIST classifier, trained once and frozen (its weights are embedded in this assembly), used to
/// judge generated digits: which digit an image shows (<see cref="Classify"/>) and a 128-value embedding for Fréchet
/// distance and diversity (<see cref="Features"/>, the penultimate layer). Architecture: two 3x3 convolutions with 32
/// channels, 2x2 max pooling, two 3x3 convolutions with 64 channels, 2x2 max pooling, a 128-unit ReLU layer, dropout
/// 0.3 in training, 10 logits. Inputs are rows of 784 pixels in [0, 1] (1x28x28, row-major), as <see cref="MnistDigits.Load"/> gives.
/// </summary>
public sealed class MnistClassifier : IDisposable
{
    /// <summary>Values of <see cref="Features"/> per image.</summary>
    public const int FeatureSize = 128;

    /// <summary>The resource name of the frozen weights.</summary>
    public const string WeightsResource = "mnist-classifier.weights";

    private readonly Network _network;

    private MnistClassifier(Network network)
    {
        _network = network;
        _network.eval();
    }

    /// <summary>The frozen classifier (the weights <c>tools/train-classifier.sh</c> made).</summary>
    public static MnistClassifier LoadFrozen()
    {
        using var stream = typeof(MnistClassifier).Assembly.GetManifestResourceStream(WeightsResource)
            ?? throw new InvalidOperationException($"the resource '{WeightsResource}' is missing: run tools/train-classifier.sh");
        var network = new Network();
        network.load(stream);
        return new MnistClassifier(network);
    }

    /// <summary>
    /// Trains a classifier on <paramref name="digits"/>: Adam (1e-3, halved every 5 epochs), batches of 64, each image
    /// shifted by up to 2 pixels at random. Deterministic for a seed on one thread.
    /// </summary>
    public static MnistClassifier Train(IReadOnlyList<MnistDigit> digits, int seed, int epochs, Action<string>? log = null)
    {
        using var generator = new Generator((ulong)seed);
        var network = new Network();
        using (no_grad())
        {
            foreach (var (_, parameter) in network.named_parameters())
            {
                // He-uniform weights, zero biases, all drawn from the seeded generator.
                if (parameter.dim() > 1)
                {
                    double bound = Math.Sqrt(6.0 / (parameter.numel() / parameter.shape[0]));
                    // Scalars held through the calls: TorchSharp's implicit ones can be finalized while libtorch reads them.
                    using Scalar width = 2 * bound, offset = bound;
                    parameter.copy_(rand(parameter.shape, generator: generator).mul(width).sub(offset));
                }
                else
                    parameter.zero_();
            }
        }
        var pixels = Pixels(digits);
        var labels = tensor(digits.Select(d => (long)d.Label).ToArray());
        using var optimizer = optim.Adam(network.parameters(), 1e-3);
        var random = new Random(seed);
        const int batch = 64;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            network.train();
            var order = Enumerable.Range(0, digits.Count).ToArray();
            random.Shuffle(order);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start + batch <= order.Length; start += batch)
            {
                using var scope = NewDisposeScope();
                var index = tensor(order.AsSpan(start, batch).ToArray().Select(i => (long)i).ToArray());
                var images = Shift(pixels.index_select(0, index).view(batch, 1, MnistDigits.Side, MnistDigits.Side), random);
                var loss = nn.functional.cross_entropy(network.forward(images, generator).Logits, labels.index_select(0, index));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
            }
            if (epoch % 5 == 0)
            {
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate /= 2;
            }
            log?.Invoke($"epoch {epoch}/{epochs}: training loss {lossSum / batches:0.0000}");
        }
        return new MnistClassifier(network);
    }

    /// <summary>Saves the weights (TorchSharp's format), to embed as <see cref="WeightsResource"/>.</summary>
    public void Save(string path) => _network.save(path);

    /// <summary>The most likely digit of each image; <paramref name="pixels"/> holds rows of 784 values in [0, 1].</summary>
    public int[] Classify(ReadOnlySpan<float> pixels)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Run(pixels).Logits.argmax(1).data<long>().ToArray().Select(l => (int)l).ToArray();
    }

    /// <summary>The 128 penultimate-layer values of each image, row-major; <paramref name="pixels"/> holds rows of 784 values in [0, 1].</summary>
    public float[] Features(ReadOnlySpan<float> pixels)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Run(pixels).Features.contiguous().data<float>().ToArray();
    }

    /// <summary>The share of <paramref name="digits"/> classified as their label.</summary>
    public double Accuracy(IReadOnlyList<MnistDigit> digits)
    {
        var predicted = Classify(Pixels(digits).data<float>().ToArray());
        return digits.Select((d, i) => d.Label == predicted[i] ? 1 : 0).Average();
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => _network.Dispose();

    private (Tensor Logits, Tensor Features) Run(ReadOnlySpan<float> pixels)
    {
        if (pixels.Length % MnistDigits.Pixels != 0)
            throw new ArgumentException($"expected rows of {MnistDigits.Pixels} pixels, got {pixels.Length} values", nameof(pixels));
        int rows = pixels.Length / MnistDigits.Pixels;
        return _network.forward(tensor(pixels.ToArray(), new long[] { rows, 1, MnistDigits.Side, MnistDigits.Side }), null);
    }

    private static Tensor Pixels(IReadOnlyList<MnistDigit> digits)
    {
        var values = new float[digits.Count * MnistDigits.Pixels];
        for (int i = 0; i < digits.Count; i++)
            for (int j = 0; j < MnistDigits.Pixels; j++)
                values[i * MnistDigits.Pixels + j] = digits[i].Pixels[j] / 255f;
        return tensor(values, new long[] { digits.Count, MnistDigits.Pixels });
    }

    /// <summary>Each image moved by up to 2 pixels in x and y (zero fill), drawn from <paramref name="random"/>.</summary>
    private static Tensor Shift(Tensor images, Random random)
    {
        var padded = nn.functional.pad(images, new long[] { 2, 2, 2, 2 });
        var shifted = new Tensor[images.shape[0]];
        for (int i = 0; i < shifted.Length; i++)
        {
            int dx = random.Next(5), dy = random.Next(5);
            shifted[i] = padded[i, TensorIndex.Colon, TensorIndex.Slice(dy, dy + MnistDigits.Side), TensorIndex.Slice(dx, dx + MnistDigits.Side)];
        }
        return stack(shifted);
    }

    private sealed class Network : nn.Module<Tensor, Tensor>
    {
        // Field names are the keys of the saved weights.
        private readonly Conv2d conv1 = nn.Conv2d(1, 32, 3), conv2 = nn.Conv2d(32, 32, 3), conv3 = nn.Conv2d(32, 64, 3), conv4 = nn.Conv2d(64, 64, 3);
        private readonly Linear hidden = nn.Linear(64 * 4 * 4, FeatureSize), output = nn.Linear(FeatureSize, MnistDigits.Classes);

        // Dropout of 0.3 as held Scalars (static, so not registered as state): an implicit one can be finalized while
        // libtorch reads it.
        private static readonly Scalar DropoutRate = 0.3.ToScalar(), DropoutKept = 0.7.ToScalar();

        public Network() : base("mnist_classifier") => RegisterComponents();

        public override Tensor forward(Tensor images) => forward(images, null).Logits;

        /// <param name="images">[rows, 1, 28, 28] pixels in [0, 1].</param>
        /// <param name="dropoutNoise">Draws dropout masks in training; null in evaluation.</param>
        public (Tensor Logits, Tensor Features) forward(Tensor images, Generator? dropoutNoise)
        {
            var x = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(nn.functional.relu(conv1.forward(images)))), 2);
            x = nn.functional.max_pool2d(nn.functional.relu(conv4.forward(nn.functional.relu(conv3.forward(x)))), 2);
            var features = nn.functional.relu(hidden.forward(x.flatten(1)));
            var kept = training && dropoutNoise is not null
                ? (features * rand(features.shape, generator: dropoutNoise).ge(DropoutRate).to(features.dtype)).div(DropoutKept)
                : features;
            return (output.forward(kept), features);
        }
    }
}
