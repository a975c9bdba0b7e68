using MLGan.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>How a conditional network joins the label's embedding to its input.</summary>
internal enum ConditionInput
{
    /// <summary>Appended to each row (a latent vector, or the flat row of an MLP discriminator).</summary>
    Vector = 0,
    /// <summary>As constant feature maps appended to an image's channels (the DCGAN discriminator).</summary>
    Planes = 1,
}

/// <summary>
/// A network conditioned on a class (CGAN, Mirza &amp; Osindero 2014): a learned embedding of the class, joined to the
/// input as <see cref="Input"/> says, then the <see cref="Inner"/> network, whose input is widened by the embedding.
/// </summary>
/// <param name="Inner">The network after the join (its input includes the embedding).</param>
/// <param name="Classes">Classes the embedding holds.</param>
/// <param name="EmbeddingSize">Values (or feature maps) per class.</param>
/// <param name="Image">For <see cref="ConditionInput.Planes"/>: the shape of the images before the join.</param>
internal sealed record ConditionalSpec(INetworkSpec Inner, int Classes, int EmbeddingSize, ConditionInput Input, ImageShape? Image) : INetworkSpec
{
    public const string TypeTag = "conditional";

    /// <summary>Most embedding values per class.</summary>
    public const int MaxEmbedding = 16;

    /// <summary>The embedding size for <paramref name="classes"/> classes: one value per class, at most <see cref="MaxEmbedding"/>.</summary>
    public static int EmbeddingFor(int classes) => Math.Min(classes, MaxEmbedding);

    public string Kind => TypeTag;

    public long[] InputShape => Input == ConditionInput.Planes ? new long[] { Image!.Size } : new[] { Inner.InputShape.Single() - EmbeddingSize };

    public long[] OutputShape => Inner.OutputShape;

    public double ParameterCount => Inner.ParameterCount + (double)Classes * EmbeddingSize;

    public double MultiplyAddsPerRow => Inner.MultiplyAddsPerRow; // the embedding is a lookup

    public GanNetwork Build(string name) => new ConditionalNetwork(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write(Classes);
        writer.Write(EmbeddingSize);
        writer.Write((int)Input);
        if (Input == ConditionInput.Planes)
        {
            writer.Write(Image!.Channels);
            writer.Write(Image.Height);
            writer.Write(Image.Width);
        }
        NetworkSpecs.Write(writer, Inner);
    }

    public static ConditionalSpec Read(BinaryReader reader)
    {
        int classes = reader.ReadInt32(), embedding = reader.ReadInt32();
        var input = (ConditionInput)reader.ReadInt32();
        var image = input == ConditionInput.Planes ? new ImageShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()) : null;
        if (classes is < 1 or > LabelVocabulary.MaxClasses || embedding is < 1 or > MaxEmbedding || !Enum.IsDefined(input) || image is { FitsDcgan: false })
            throw new InvalidDataException($"invalid conditional network ({classes} classes, embedding {embedding}, {input}, image {image})");
        var spec = new ConditionalSpec(NetworkSpecs.Read(reader), classes, embedding, input, image);
        if (spec.Inner is ConditionalSpec || spec.InputShape.Single() <= 0)
            throw new InvalidDataException($"invalid conditional network around {spec.Inner}");
        return spec;
    }

    public override string ToString() => $"{Inner}, conditioned on {Classes} classes (embedding {EmbeddingSize})";
}

/// <summary>The module of <see cref="ConditionalSpec"/>; <see cref="GanNetwork.Forward"/> takes the rows and one class index per row.</summary>
internal sealed class ConditionalNetwork : GanNetwork, ISeededModule
{
    // Field names are the keys of saved weights.
    private readonly Embedding embedding;
    private readonly GanNetwork inner;
    private readonly ConditionalSpec _spec;

    public ConditionalNetwork(string name, ConditionalSpec spec) : base(name)
    {
        _spec = spec;
        embedding = nn.Embedding(spec.Classes, spec.EmbeddingSize);
        inner = spec.Inner.Build("inner");
        RegisterComponents();
    }

    public override INetworkSpec Spec => _spec;

    public override Tensor forward(Tensor input)
        => throw new InvalidOperationException("a conditional network needs one class per row: call Forward(rows, conditions)");

    public override Tensor Forward(Tensor input, Tensor? conditions)
        => inner.forward(Join(input, conditions ?? throw new InvalidOperationException("a conditional network needs one class per row")));

    /// <summary>The inner discriminator's features of the joined rows (feature matching).</summary>
    public Tensor Features(Tensor rows, Tensor conditions) => inner is IFeatureNetwork features
        ? features.Features(Join(rows, conditions))
        : throw new NotSupportedException($"the {_spec.Inner.Kind} network exposes no features");

    private Tensor Join(Tensor input, Tensor conditions)
    {
        var codes = embedding.forward(conditions);
        if (_spec.Input == ConditionInput.Vector)
            return cat(new[] { input, codes }, 1);
        var image = _spec.Image!;
        long rows = input.shape[0];
        var planes = codes.view(rows, _spec.EmbeddingSize, 1, 1).expand(rows, _spec.EmbeddingSize, image.Height, image.Width);
        return cat(new[] { input.view(rows, image.Channels, image.Height, image.Width), planes }, 1).flatten(1);
    }

    /// <summary>The embedding is drawn N(0, 1) from the seeded generator (nn.Embedding's own draw uses global state).</summary>
    public void Initialize(Generator generator) => SeededInitialization.Normal(embedding.weight!, 1, generator);
}
