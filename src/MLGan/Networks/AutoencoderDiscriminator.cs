using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Networks;

/// <summary>
/// The autoencoder discriminator of EBGAN (Zhao et al. 2017): an MLP encoder to a code of <see cref="CodeSize"/> values and
/// a mirrored decoder; its output is each row's energy, the mean squared reconstruction error. Low energy means "looks
/// like the data".
/// </summary>
internal sealed record AutoencoderDiscriminatorSpec(int InputSize, IReadOnlyList<int> HiddenSizes, int CodeSize, GanActivation Activation) : INetworkSpec
{
    public const string TypeTag = "autoencoder-discriminator";

    public string Kind => TypeTag;

    public long[] InputShape => new long[] { InputSize };

    public long[] OutputShape => new long[] { 1 };

    private HiddenLayers Encoder => new(HiddenSizes, Activation, GanNormalization.None);

    private HiddenLayers Decoder => new(HiddenSizes.Reverse().ToArray(), Activation, GanNormalization.None);

    public double ParameterCount
        => Encoder.ParameterCount(InputSize) + ((double)Encoder.OutputSize(InputSize) + 1) * CodeSize
         + Decoder.ParameterCount(CodeSize) + ((double)Decoder.OutputSize(CodeSize) + 1) * InputSize;

    public GanNetwork Build(string name) => new AutoencoderDiscriminator(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write(InputSize);
        HiddenLayers.WriteSizes(writer, HiddenSizes);
        writer.Write(CodeSize);
        writer.Write((int)Activation);
    }

    public static AutoencoderDiscriminatorSpec Read(BinaryReader reader)
    {
        int input = reader.ReadInt32();
        var hidden = HiddenLayers.ReadSizes(reader);
        var spec = new AutoencoderDiscriminatorSpec(input, hidden, reader.ReadInt32(), (GanActivation)reader.ReadInt32());
        if (input <= 0 || spec.CodeSize <= 0 || hidden.Any(h => h <= 0) || !Enum.IsDefined(spec.Activation) || spec.Activation == GanActivation.Maxout)
            throw new InvalidDataException($"invalid autoencoder description {spec}");
        return spec;
    }
}

/// <summary>The module of <see cref="AutoencoderDiscriminatorSpec"/>: <see cref="Features"/> gives the codes (EBGAN's pulling-away term uses them).</summary>
internal sealed class AutoencoderDiscriminator : GanNetwork, IFeatureNetwork
{
    // Field names are the keys of the module's state.
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> code;
    private readonly nn.Module<Tensor, Tensor> decoder;
    private readonly nn.Module<Tensor, Tensor> output;
    private readonly AutoencoderDiscriminatorSpec _spec;

    public AutoencoderDiscriminator(string name, AutoencoderDiscriminatorSpec spec) : base(name)
    {
        _spec = spec;
        var encoderLayers = new HiddenLayers(spec.HiddenSizes, spec.Activation, GanNormalization.None);
        var decoderLayers = new HiddenLayers(spec.HiddenSizes.Reverse().ToArray(), spec.Activation, GanNormalization.None);
        encoder = encoderLayers.Build(spec.InputSize);
        code = nn.Linear(encoderLayers.OutputSize(spec.InputSize), spec.CodeSize);
        decoder = decoderLayers.Build(spec.CodeSize);
        output = nn.Linear(decoderLayers.OutputSize(spec.CodeSize), spec.InputSize);
        RegisterComponents();
    }

    public override INetworkSpec Spec => _spec;

    /// <summary>The codes of <paramref name="rows"/>, [N, CodeSize].</summary>
    public Tensor Features(Tensor rows) => code.forward(encoder.forward(rows));

    /// <summary>Each row's energy: the mean squared error of its reconstruction, [N, 1].</summary>
    public override Tensor forward(Tensor rows)
        => (output.forward(decoder.forward(Features(rows))) - rows).Squared().mean(new long[] { 1 }, keepdim: true);
}
