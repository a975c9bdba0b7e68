using MLGan.Data;
using static TorchSharp.torch;

namespace MLGan.Networks.Convolutional;

/// <summary>
/// The DCGAN discriminator (Radford et al. 2016): stride-2 4x4 convolutions halve the side down to the start map, with
/// LeakyReLU(0.2) after each and normalization after all but the first; then, as for the MLP discriminator, the
/// minibatch layers and a linear head. Remedies, as for images:
/// <list type="bullet">
/// <item>packing (PacDCGAN, Lin et al. 2018): the <see cref="PackingDegree"/> images judged together are concatenated along channels;</item>
/// <item>minibatch standard deviation (Karras et al. 2018): the batch spread of the last feature map, averaged, appended to
/// its flattened values; for the linear head that follows, the same as StyleGAN's extra constant feature map;</item>
/// <item>spectral normalization on every convolution and the head;</item>
/// <item>minibatch discrimination on the flattened last feature map.</item>
/// </list>
/// Rows are flat, [rows, C·H·W], as the generator writes them.
/// </summary>
/// <param name="Width">Channels of the first convolution; each level towards the start map doubles it.</param>
/// <param name="Outputs">Scores per packed row: 1, or k + 1 class logits.</param>
internal sealed record DcganDiscriminatorSpec(ImageShape Image, int Width, GanNormalization Normalization, bool SpectralNorm, int MinibatchKernels,
    int MinibatchKernelDimension, bool MinibatchStandardDeviation, bool TwiceDifferentiable = false, int PackingDegree = 1, int Outputs = 1) : INetworkSpec
{
    public const string TypeTag = "dcgan-discriminator";

    public string Kind => TypeTag;

    public long[] InputShape => new long[] { Image.Size };

    public long[] OutputShape => new long[] { Outputs };

    private int Levels => DcganLayout.Levels(Image.Height);

    /// <summary>Values of the flattened last feature map (what feature matching compares).</summary>
    public long FeatureSize => DcganLayout.Channels(Width, Levels, 0) * StartSide * StartSide;

    private int StartSide => DcganLayout.StartSide(Image.Height);

    /// <summary>The stride-2 convolutions from the packed image down to the start map: channels in and out, and the side of the output.</summary>
    private IEnumerable<(int Level, double Input, double Output, double Side)> Convolutions()
    {
        double input = (double)Image.Channels * PackingDegree, side = Image.Height;
        for (int i = 0; i < Levels; i++)
        {
            double channels = DcganLayout.Channels(Width, Levels, Levels - 1 - i);
            side /= 2;
            yield return (i, input, channels, side);
            input = channels;
        }
    }

    public double ParameterCount
    {
        get
        {
            double count = Convolutions().Sum(c => DcganLayout.ConvolutionParameters(c.Input, c.Output)
                + (c.Level == 0 ? 0 : DcganLayout.NormalizationParameters(Normalization, c.Output, c.Side)));
            var last = Convolutions().Last();
            double width = last.Output * last.Side * last.Side + (MinibatchStandardDeviation ? MinibatchStandardDeviationLayer.ExtraFeatures : 0);
            if (MinibatchKernels > 0)
            {
                count += width * MinibatchKernels * MinibatchKernelDimension;
                width += MinibatchKernels;
            }
            return count + (width + 1) * Outputs;
        }
    }

    /// <summary>Per packed row, as <see cref="ParameterCount"/> is: convolutions by output position, then the head.</summary>
    public double MultiplyAddsPerRow
    {
        get
        {
            var last = Convolutions().Last();
            return Convolutions().Sum(c => c.Input * c.Output * DcganLayout.Kernel * DcganLayout.Kernel * c.Side * c.Side)
                + last.Output * last.Side * last.Side * (MinibatchKernels * MinibatchKernelDimension + Outputs);
        }
    }

    /// <summary>Values of every feature map of one packed row, the packed input included (for memory estimates).</summary>
    public double FeatureMapValues
    {
        get
        {
            double values = (double)Image.Size * PackingDegree, side = Image.Height;
            for (int i = 0; i < Levels; i++)
            {
                side /= 2;
                values += DcganLayout.Channels(Width, Levels, Levels - 1 - i) * side * side;
            }
            return values;
        }
    }

    public GanNetwork Build(string name) => new DcganDiscriminator(name, this);

    public void Write(BinaryWriter writer)
    {
        DcganLayout.WriteImage(writer, Image);
        writer.Write(Width);
        writer.Write((int)Normalization);
        writer.Write(SpectralNorm);
        writer.Write(MinibatchKernels);
        writer.Write(MinibatchKernelDimension);
        writer.Write(MinibatchStandardDeviation);
        writer.Write(TwiceDifferentiable);
        writer.Write(PackingDegree);
        writer.Write(Outputs);
    }

    public static DcganDiscriminatorSpec Read(BinaryReader reader)
    {
        var spec = new DcganDiscriminatorSpec(DcganLayout.ReadImage(reader), reader.ReadInt32(), (GanNormalization)reader.ReadInt32(), reader.ReadBoolean(),
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadBoolean(), reader.ReadBoolean(), reader.ReadInt32(), reader.ReadInt32());
        if (spec.Width is <= 0 or > DcganLayout.MaxWidth || !Enum.IsDefined(spec.Normalization) || spec.MinibatchKernels < 0
            || (spec.MinibatchKernels > 0 && spec.MinibatchKernelDimension <= 0) || spec.PackingDegree is <= 0 or > 64 || spec.Outputs <= 0)
            throw new InvalidDataException($"invalid DCGAN discriminator description {spec}");
        return spec;
    }
}

/// <summary>The module of <see cref="DcganDiscriminatorSpec"/>.</summary>
internal sealed class DcganDiscriminator : GanNetwork, IFeatureNetwork
{
    // Field names are the keys of the module's state.
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor> minibatch;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly DcganDiscriminatorSpec _spec;

    public DcganDiscriminator(string name, DcganDiscriminatorSpec spec) : base(name)
    {
        ConvolutionBackend.UseLibtorchKernels(); // before the first convolution in the process
        _spec = spec;
        int levels = DcganLayout.Levels(spec.Image.Height);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long input = (long)spec.Image.Channels * spec.PackingDegree, side = spec.Image.Height;
        for (int i = 0; i < levels; i++)
        {
            long channels = DcganLayout.Channels(spec.Width, levels, levels - 1 - i);
            side /= 2;
            layers.Add(($"conv{i}", spec.SpectralNorm ? new SpectralConv2d(input, channels) : nn.Conv2d(input, channels, DcganLayout.Kernel, stride: 2, padding: 1)));
            if (i > 0 && DcganLayout.Normalization(spec.Normalization, channels, side) is { } norm)
                layers.Add(($"norm{i}", norm));
            layers.Add(($"act{i}", new LeakyReLU(0.2)));
            input = channels;
        }
        layers.Add(("flatten", nn.Flatten()));
        body = nn.Sequential(layers);

        int width = checked((int)spec.FeatureSize);
        var batchLayers = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (spec.MinibatchStandardDeviation)
        {
            batchLayers.Add(("stddev", new MinibatchStandardDeviationLayer()));
            width += MinibatchStandardDeviationLayer.ExtraFeatures;
        }
        if (spec.MinibatchKernels > 0)
        {
            batchLayers.Add(("discrimination", new MinibatchDiscrimination(width, spec.MinibatchKernels, spec.MinibatchKernelDimension, spec.TwiceDifferentiable)));
            width = MinibatchDiscrimination.OutputSize(width, spec.MinibatchKernels);
        }
        minibatch = nn.Sequential(batchLayers);
        head = HiddenLayers.Linear(width, spec.Outputs, spec.SpectralNorm);
        RegisterComponents();
    }

    public override INetworkSpec Spec => _spec;

    /// <summary>The flattened last feature map of each packed row.</summary>
    public Tensor Features(Tensor rows) => body.forward(Pack(rows));

    public override Tensor forward(Tensor rows) => head.forward(minibatch.forward(body.forward(Pack(rows))));

    /// <summary>Flat rows to images; PacDCGAN packing puts consecutive images side by side along channels: [B, C·H·W] → [B / m, m·C, H, W].</summary>
    private Tensor Pack(Tensor rows)
    {
        var image = _spec.Image;
        return rows.reshape(rows.shape[0] / _spec.PackingDegree, (long)image.Channels * _spec.PackingDegree, image.Height, image.Width);
    }
}
