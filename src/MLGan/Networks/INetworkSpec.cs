using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// Everything needed to build a network, type-tagged so a model file can name the kind: the first kinds are the MLP
/// generator (<see cref="MlpSpec"/>, "mlp") and the MLP discriminator (<see cref="DiscriminatorSpec"/>,
/// "mlp-discriminator"). A new kind is one spec record, one module and one line in <see cref="NetworkSpecs"/>.
/// </summary>
internal interface INetworkSpec
{
    /// <summary>The type tag saved with the spec.</summary>
    string Kind { get; }

    /// <summary>Shape of one input row (e.g. [latent] for a generator).</summary>
    long[] InputShape { get; }

    /// <summary>Shape of one output row (e.g. [features], or [1] for a score).</summary>
    long[] OutputShape { get; }

    /// <summary>Parameter count, computed without building the network (size checks before any allocation).</summary>
    double ParameterCount { get; }

    /// <summary>
    /// Multiply-adds of one forward pass per input row, estimated without building the network: one per weight for
    /// dense layers (the default), one per weight and output position for convolutions. It sizes the work of a step
    /// (the default thread count); normalizations, activations and biases are left out.
    /// </summary>
    double MultiplyAddsPerRow => ParameterCount;

    /// <summary>A new network with uninitialized weights (see <see cref="GanNetwork.InitializeWeights"/>).</summary>
    GanNetwork Build(string name);

    void Write(BinaryWriter writer);
}

/// <summary>A network built from an <see cref="INetworkSpec"/>: one input tensor of rows, one output tensor of rows.</summary>
internal abstract class GanNetwork(string name) : nn.Module<Tensor, Tensor>(name)
{
    public abstract INetworkSpec Spec { get; }

    /// <summary>Draws the weights from <paramref name="generator"/> (see <see cref="SeededInitialization"/>).</summary>
    public void InitializeWeights(Generator generator) => SeededInitialization.Apply(this, generator);

    /// <summary>
    /// The network on <paramref name="input"/> rows and, for a conditional network (<see cref="ConditionalNetwork"/>), one
    /// class index per row (int64); other networks take no conditions.
    /// </summary>
    public virtual Tensor Forward(Tensor input, Tensor? conditions) => conditions is null
        ? forward(input)
        : throw new InvalidOperationException($"the {Spec.Kind} network takes no conditions");
}

/// <summary>The network kinds a file may name, by type tag.</summary>
internal static class NetworkSpecs
{
    private static readonly Dictionary<string, Func<BinaryReader, INetworkSpec>> Readers = new(StringComparer.Ordinal)
    {
        [MlpSpec.TypeTag] = MlpSpec.Read,
        [DiscriminatorSpec.TypeTag] = DiscriminatorSpec.Read,
        [AutoencoderDiscriminatorSpec.TypeTag] = AutoencoderDiscriminatorSpec.Read,
        [GeneratorMixtureSpec.TypeTag] = GeneratorMixtureSpec.Read,
        [Convolutional.DcganGeneratorSpec.TypeTag] = Convolutional.DcganGeneratorSpec.Read,
        [Convolutional.DcganDiscriminatorSpec.TypeTag] = Convolutional.DcganDiscriminatorSpec.Read,
        [ConditionalSpec.TypeTag] = ConditionalSpec.Read,
        [ModeNormalizedSpec.TypeTag] = ModeNormalizedSpec.Read,
    };

    public static void Write(BinaryWriter writer, INetworkSpec spec)
    {
        writer.Write(spec.Kind);
        spec.Write(writer);
    }

    public static INetworkSpec Read(BinaryReader reader)
    {
        string kind = reader.ReadString();
        return Readers.TryGetValue(kind, out var read)
            ? read(reader)
            : throw new InvalidDataException($"unknown network kind '{kind}' (this MLGan reads: {string.Join(", ", Readers.Keys)})");
    }
}

/// <summary>A discriminator that exposes the hidden features it scores from (feature matching compares them).</summary>
internal interface IFeatureNetwork
{
    Tensor Features(Tensor rows);
}
