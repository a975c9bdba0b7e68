using System.Globalization;
using MLGan.Data;
using MLGan.Networks;
using MLGan.Networks.Convolutional;

namespace MLGan.Training;

/// <summary>
/// Bounds on every size that allocates, checked before any module or tensor exists: the parameter count of each
/// network (from <see cref="GanOptions"/> or a model file's <see cref="MlpSpec"/>) and an estimate of training memory
/// (weights, gradients, Adam moments, the EMA copy, unrolling snapshots, and BatchSize × layer-width activations,
/// including minibatch discrimination's projection and its batch × batch similarities).
/// </summary>
internal static class SizeLimits
{
    /// <summary>Most parameters a generator or discriminator may have (4 GB of float32 weights).</summary>
    public const double MaxParameters = 1e9;

    /// <summary>Most estimated training memory, in bytes (64 GiB).</summary>
    public const double MaxTrainingBytes = 64.0 * (1L << 30);

    /// <summary>Most rows of a collapse-monitor sample or reference.</summary>
    public const int MaxMonitorRows = 1_000_000;

    private const double FloatBytes = sizeof(float);

    /// <summary>One linear layer (with its normalization): its parameters, its output width and the option that sizes it most.</summary>
    private readonly record struct Layer(double Parameters, double Width, string Option);

    /// <summary>
    /// Checks the networks and the training-memory estimate of <paramref name="options"/> for rows of
    /// <paramref name="featureSize"/> values (1 when the data is not known yet, at estimator creation).
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming the option that contributes most and the estimate.
    /// </summary>
    public static void Check(GanOptions options, int featureSize = 1, ImageShape? image = null)
    {
        if (options.Whitening == FeatureWhitening.Always && image is null && featureSize > PcaWhitening.MaxSize)
            throw new ArgumentOutOfRangeException(nameof(GanOptions.Whitening), options.Whitening, string.Format(CultureInfo.InvariantCulture,
                "GanOptions.Whitening = Always whitens rows of at most {0:N0} values (a {0} x {0} rotation), and the feature column holds {1:N0}. " +
                "Use FeatureWhitening.Auto or None.", PcaWhitening.MaxSize, featureSize));
        if (options.Networks.Architecture == GanArchitecture.Dcgan)
        {
            CheckConvolutional(options, image?.Planar ?? new ImageShape(1, 28, 28), image is null ? "" : $" for {image} images");
            return;
        }
        string features = featureSize == 1 ? "" : string.Format(CultureInfo.InvariantCulture, " for {0} values per row", featureSize);
        var generator = Layers(options.Networks.LatentSize(featureSize, image), "Networks.LatentDimension", options.Networks.Generator.HiddenLayers, "Networks.Generator.HiddenLayers",
            featureSize, options.Networks.Generator.Activation, options.Networks.Generator.Normalization).ToList();
        var discriminator = DiscriminatorLayers(options, featureSize);
        RequireParameters("generator", generator, options, features);
        RequireParameters("discriminator", discriminator, options, features);

        int discriminatorRows = Math.Max(1, options.Schedule.BatchSize / options.Remedies.Packing.Degree);
        // Several generators (MAD-GAN) or discriminators (GMAN) multiply their networks' weights and activations.
        int generators = Math.Max(1, options.Remedies.MultipleGenerators.Count), discriminators = Math.Max(1, options.Remedies.MultipleDiscriminators.Count);
        double generatorCopies = generators * (4 + (options.Remedies.GeneratorEma.Decay > 0 ? 1 : 0)); // weights, gradients, 2 Adam moments, EMA
        double discriminatorCopies = discriminators * (4 + (options.Remedies.Unrolling.Steps > 0 ? 3 : 0)); // + lookahead Adam and snapshot
        double activations = 3 * generators * (options.Schedule.BatchSize * (double)generator.Sum(l => l.Width) + discriminators * discriminatorRows * (double)discriminator.Sum(l => l.Width));
        if (options.Remedies.MinibatchDiscrimination.Enabled)
            activations += 3.0 * discriminatorRows * discriminatorRows * options.Remedies.MinibatchDiscrimination.Kernels * options.Remedies.MinibatchDiscrimination.KernelDimension;
        double monitor = options.Monitor is { } m ? (double)(m.SampleSize + m.ReferenceSize) * (featureSize + options.Networks.LatentSize(featureSize, image)) : 0;
        double bytes = FloatBytes * (generatorCopies * generator.Sum(l => l.Parameters) + discriminatorCopies * discriminator.Sum(l => l.Parameters) + activations + monitor);
        if (bytes > MaxTrainingBytes)
        {
            // The option to change: the one sizing the largest weight or activation term.
            var largest = generator.Select(l => (Bytes: l.Parameters * generatorCopies + 3.0 * options.Schedule.BatchSize * l.Width, l.Option))
                .Concat(discriminator.Select(l => (Bytes: l.Parameters * discriminatorCopies + 3.0 * discriminatorRows * l.Width, l.Option)))
                .MaxBy(t => t.Bytes);
            string option = activations > bytes / FloatBytes / 2 ? "Schedule.BatchSize" : largest.Option;
            throw new ArgumentOutOfRangeException(option, string.Format(CultureInfo.InvariantCulture,
                "GanOptions.{0} = {1} makes training need about {2} of memory{3} (weights, gradients, optimizer state and BatchSize x layer-width activations), " +
                "more than MLGan's limit of {4}. Use smaller values (Schedule.BatchSize, Networks.LatentDimension, hidden layer widths).",
                option, Describe(options, option), FormatBytes(bytes), features, FormatBytes(MaxTrainingBytes)));
        }
    }

    /// <summary>The DCGAN networks: parameters from their specs, activations from their feature maps.</summary>
    private static void CheckConvolutional(GanOptions options, ImageShape image, string features)
    {
        var generator = (DcganGeneratorSpec)GanTrainingPlan.GeneratorSpec(options, image.Size, image);
        var discriminator = (DcganDiscriminatorSpec)GanTrainingPlan.DiscriminatorSpec(options, image.Size, image);
        const string generatorOption = "Networks.Convolutional.GeneratorWidth", discriminatorOption = "Networks.Convolutional.DiscriminatorWidth";
        foreach (var (spec, network, option) in new (INetworkSpec, string, string)[] { (generator, "generator", generatorOption), (discriminator, "discriminator", discriminatorOption) })
        {
            if (spec.ParameterCount > MaxParameters)
                throw new ArgumentOutOfRangeException(option, string.Format(CultureInfo.InvariantCulture,
                    "GanOptions.{0} = {1} gives the DCGAN {2} about {3:G3} parameters{4}, more than MLGan's limit of {5:G3} per network. Use a smaller width.",
                    option, Describe(options, option), network, spec.ParameterCount, features, MaxParameters));
        }
        int discriminators = Math.Max(1, options.Remedies.MultipleDiscriminators.Count);
        double generatorBytes = FloatBytes * ((4 + (options.Remedies.GeneratorEma.Decay > 0 ? 1 : 0)) * generator.ParameterCount
            + 3.0 * options.Schedule.BatchSize * generator.FeatureMapValues);
        double discriminatorRows = Math.Max(1, options.Schedule.BatchSize / options.Remedies.Packing.Degree);
        double discriminatorBytes = FloatBytes * discriminators * ((4 + (options.Remedies.Unrolling.Steps > 0 ? 3 : 0)) * discriminator.ParameterCount
            + 3.0 * 2 * discriminatorRows * discriminator.FeatureMapValues); // real and generated rows
        double bytes = generatorBytes + discriminatorBytes;
        if (bytes > MaxTrainingBytes)
        {
            string option = generatorBytes > discriminatorBytes ? generatorOption : discriminatorOption;
            throw new ArgumentOutOfRangeException(option, string.Format(CultureInfo.InvariantCulture,
                "GanOptions.{0} = {1} with Schedule.BatchSize = {2} makes DCGAN training need about {3} of memory{4}, more than MLGan's limit of {5}. " +
                "Use a smaller width or Schedule.BatchSize.", option, Describe(options, option), options.Schedule.BatchSize, FormatBytes(bytes), features, FormatBytes(MaxTrainingBytes)));
        }
    }

    /// <summary>Checks the sizes of the collapse monitor's sample and reference (CollapseMonitorOptions checks their lower bounds).</summary>
    public static void CheckMonitor(CollapseMonitorOptions? monitor)
    {
        if (monitor is null)
            return;
        foreach (var (value, name) in new[] { (monitor.SampleSize, nameof(CollapseMonitorOptions.SampleSize)), (monitor.ReferenceSize, nameof(CollapseMonitorOptions.ReferenceSize)) })
        {
            if (value > MaxMonitorRows)
                throw new ArgumentOutOfRangeException(name, value, string.Format(CultureInfo.InvariantCulture,
                    "GanOptions.Monitor.{0} must be at most {1:N0} rows (got {2:N0}); a few thousand rows measure diversity well.", name, MaxMonitorRows, value));
        }
    }

    public static string FormatBytes(double bytes)
    {
        string[] units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
        int unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }
        return string.Format(CultureInfo.InvariantCulture, "{0:0.#} {1}", bytes, units[unit]);
    }

    private static void RequireParameters(string network, List<Layer> layers, GanOptions options, string features)
    {
        double parameters = layers.Sum(l => l.Parameters);
        if (parameters <= MaxParameters)
            return;
        string option = layers.MaxBy(l => l.Parameters).Option;
        throw new ArgumentOutOfRangeException(option, string.Format(CultureInfo.InvariantCulture,
            "GanOptions.{0} = {1} gives the {2} about {3:G3} parameters{4} ({5} of float32 weights), more than MLGan's limit of {6:G3} per network. Use smaller layers.",
            option, Describe(options, option), network, parameters, features, FormatBytes(parameters * FloatBytes), MaxParameters));
    }

    private static string Describe(GanOptions options, string option) => option switch
    {
        "Networks.LatentDimension" => options.Networks.LatentDimension?.ToString(CultureInfo.InvariantCulture) ?? "unset",
        "Networks.Generator.HiddenLayers" => "[" + string.Join(", ", options.Networks.Generator.HiddenLayers) + "]",
        "Networks.Discriminator.HiddenLayers" => "[" + string.Join(", ", options.Networks.Discriminator.HiddenLayers) + "]",
        "Networks.Convolutional.GeneratorWidth" => options.Networks.Convolutional.GeneratorWidth.ToString(CultureInfo.InvariantCulture),
        "Networks.Convolutional.DiscriminatorWidth" => options.Networks.Convolutional.DiscriminatorWidth.ToString(CultureInfo.InvariantCulture),
        "Remedies.Packing.Degree" => options.Remedies.Packing.Degree.ToString(CultureInfo.InvariantCulture),
        "Remedies.MinibatchDiscrimination.Kernels" => string.Format(CultureInfo.InvariantCulture, "{0} (Remedies.MinibatchDiscrimination.KernelDimension {1})", options.Remedies.MinibatchDiscrimination.Kernels, options.Remedies.MinibatchDiscrimination.KernelDimension),
        _ => options.Schedule.BatchSize.ToString(CultureInfo.InvariantCulture),
    };

    private static List<Layer> DiscriminatorLayers(GanOptions options, int featureSize)
    {
        var layers = Layers((double)featureSize * options.Remedies.Packing.Degree, "Remedies.Packing.Degree", options.Networks.Discriminator.HiddenLayers,
            "Networks.Discriminator.HiddenLayers", 1, options.Networks.Discriminator.Activation, options.Networks.Discriminator.Normalization).ToList();
        var head = layers[^1];
        layers.RemoveAt(layers.Count - 1);
        double width = options.Networks.Discriminator.HiddenLayers.Length > 0 ? options.Networks.Discriminator.HiddenLayers[^1] : (double)featureSize * options.Remedies.Packing.Degree;
        if (options.Remedies.MinibatchDiscrimination.Enabled)
        {
            double projection = width * options.Remedies.MinibatchDiscrimination.Kernels * options.Remedies.MinibatchDiscrimination.KernelDimension;
            layers.Add(new Layer(projection, (double)options.Remedies.MinibatchDiscrimination.Kernels * options.Remedies.MinibatchDiscrimination.KernelDimension, "Remedies.MinibatchDiscrimination.Kernels"));
            width += options.Remedies.MinibatchDiscrimination.Kernels;
        }
        width += options.Remedies.MinibatchStandardDeviation.Enabled ? 1 : 0;
        layers.Add(head with { Parameters = width + 1 });
        return layers;
    }

    /// <summary>The linear layers of an MLP (hidden blocks, then the output layer), each with the option that sizes it most.</summary>
    private static IEnumerable<Layer> Layers(double input, string inputOption, IReadOnlyList<int> hidden, string hiddenOption, double output,
        GanActivation activation, GanNormalization normalization)
    {
        double width = input;
        string widthOption = inputOption;
        int units = GanActivationModules.LinearUnitsPerHiddenUnit(activation);
        foreach (int size in hidden)
        {
            double linearOut = (double)size * units;
            double normalizationWeights = normalization == GanNormalization.None ? 0 : 2 * linearOut;
            yield return new Layer(width * linearOut + linearOut + normalizationWeights, linearOut, width > size ? widthOption : hiddenOption);
            width = size;
            widthOption = hiddenOption;
        }
        yield return new Layer(width * output + output, output, widthOption);
    }
}
