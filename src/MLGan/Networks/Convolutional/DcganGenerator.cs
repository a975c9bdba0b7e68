using MLGan.Data;
using static TorchSharp.torch;

namespace MLGan.Networks.Convolutional;

/// <summary>
/// The DCGAN generator (Radford et al. 2016): the latent vector is projected to a start map (a linear layer, the same
/// as a transposed convolution from a 1x1 map), then stride-2 4x4 transposed convolutions double the side; batch
/// normalization (by default) and ReLU follow every layer but the last, which has tanh. Rows are flat:
/// [rows, C·H·W], planar, as <c>ExtractPixels</c> lays them out.
/// </summary>
/// <param name="LatentSize">Latent values per row.</param>
/// <param name="Width">Channels of the last hidden feature map (the one before the image); each level towards the start map doubles it.</param>
internal sealed record DcganGeneratorSpec(int LatentSize, ImageShape Image, int Width, GanNormalization Normalization) : INetworkSpec
{
    public const string TypeTag = "dcgan-generator";

    public string Kind => TypeTag;

    public long[] InputShape => new long[] { LatentSize };

    public long[] OutputShape => new long[] { Image.Size };

    public double ParameterCount
    {
        get
        {
            int levels = DcganLayout.Levels(Image.Height), start = DcganLayout.StartSide(Image.Height);
            double first = DcganLayout.Channels(Width, levels, 0), side = start;
            double count = ((double)LatentSize + 1) * first * start * start + DcganLayout.NormalizationParameters(Normalization, first, side);
            for (int level = 1; level < levels; level++)
            {
                double channels = DcganLayout.Channels(Width, levels, level);
                side *= 2;
                count += DcganLayout.ConvolutionParameters(DcganLayout.Channels(Width, levels, level - 1), channels) + DcganLayout.NormalizationParameters(Normalization, channels, side);
            }
            return count + DcganLayout.ConvolutionParameters(Width, Image.Channels);
        }
    }

    public double MultiplyAddsPerRow
    {
        get
        {
            int levels = DcganLayout.Levels(Image.Height);
            double side = DcganLayout.StartSide(Image.Height), channels = DcganLayout.Channels(Width, levels, 0);
            double count = LatentSize * channels * side * side; // the projection to the start map
            for (int level = 1; level <= levels; level++, side *= 2)
            {
                // A transposed convolution: every input position meets every weight.
                double next = level < levels ? DcganLayout.Channels(Width, levels, level) : Image.Channels;
                count += channels * next * DcganLayout.Kernel * DcganLayout.Kernel * side * side;
                channels = next;
            }
            return count;
        }
    }

    /// <summary>Values of every feature map of one row, the image included (for memory estimates).</summary>
    public double FeatureMapValues
    {
        get
        {
            int levels = DcganLayout.Levels(Image.Height);
            double values = Image.Size, side = DcganLayout.StartSide(Image.Height);
            for (int level = 0; level < levels; level++, side *= 2)
                values += DcganLayout.Channels(Width, levels, level) * side * side;
            return values;
        }
    }

    public GanNetwork Build(string name) => new DcganGenerator(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write(LatentSize);
        DcganLayout.WriteImage(writer, Image);
        writer.Write(Width);
        writer.Write((int)Normalization);
    }

    public static DcganGeneratorSpec Read(BinaryReader reader)
    {
        var spec = new DcganGeneratorSpec(reader.ReadInt32(), DcganLayout.ReadImage(reader), reader.ReadInt32(), (GanNormalization)reader.ReadInt32());
        if (spec.LatentSize <= 0 || spec.Width is <= 0 or > DcganLayout.MaxWidth || !Enum.IsDefined(spec.Normalization))
            throw new InvalidDataException($"invalid DCGAN generator description {spec}");
        return spec;
    }

    public override string ToString() => $"DCGAN generator {LatentSize} -> {Image} (width {Width}, {Normalization})";
}

/// <summary>The module of <see cref="DcganGeneratorSpec"/>.</summary>
internal sealed class DcganGenerator : GanNetwork
{
    // Field names are the keys of saved weights: do not rename without a versioned migration.
    private readonly nn.Module<Tensor, Tensor> projection;
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly DcganGeneratorSpec _spec;
    private readonly long _startChannels, _startSide;

    public DcganGenerator(string name, DcganGeneratorSpec spec) : base(name)
    {
        ConvolutionBackend.UseLibtorchKernels(); // before the first convolution in the process
        _spec = spec;
        int levels = DcganLayout.Levels(spec.Image.Height);
        _startSide = DcganLayout.StartSide(spec.Image.Height);
        _startChannels = DcganLayout.Channels(spec.Width, levels, 0);
        projection = nn.Linear(spec.LatentSize, _startChannels * _startSide * _startSide);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long side = _startSide;
        AddActivation(layers, 0, _startChannels, side);
        for (int level = 1; level < levels; level++)
        {
            long channels = DcganLayout.Channels(spec.Width, levels, level);
            layers.Add(($"deconv{level}", nn.ConvTranspose2d(DcganLayout.Channels(spec.Width, levels, level - 1), channels, DcganLayout.Kernel, stride: 2, padding: 1)));
            side *= 2;
            AddActivation(layers, level, channels, side);
        }
        layers.Add(($"deconv{levels}", nn.ConvTranspose2d(spec.Width, spec.Image.Channels, DcganLayout.Kernel, stride: 2, padding: 1)));
        layers.Add(("tanh", nn.Tanh()));
        body = nn.Sequential(layers);
        RegisterComponents();
    }

    private void AddActivation(List<(string, nn.Module<Tensor, Tensor>)> layers, int level, long channels, long side)
    {
        if (DcganLayout.Normalization(_spec.Normalization, channels, side) is { } norm)
            layers.Add(($"norm{level}", norm));
        layers.Add(($"act{level}", nn.ReLU()));
    }

    public override INetworkSpec Spec => _spec;

    public override Tensor forward(Tensor latents)
    {
        var start = projection.forward(latents).view(-1, _startChannels, _startSide, _startSide);
        return body.forward(start).flatten(1);
    }
}
