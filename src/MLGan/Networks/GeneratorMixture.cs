using TorchSharp.Modules;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Networks;

/// <summary>
/// What MAD-GAN's generators are made of: <see cref="Count"/> copies of the <see cref="Generator"/> MLP, sharing its hidden
/// layers or not.
/// </summary>
/// <param name="Generator">The architecture of each generator.</param>
/// <param name="Count">Generators, at least 2.</param>
/// <param name="ShareHiddenLayers">Whether the generators share the hidden layers and differ only in their output layers.</param>
internal sealed record GeneratorMixtureSpec(MlpSpec Generator, int Count, bool ShareHiddenLayers) : INetworkSpec
{
    public const string TypeTag = "mlp-mixture";

    /// <summary>The most generators a spec may name (a bound for files).</summary>
    public const int MaxCount = 16;

    public string Kind => TypeTag;

    public long[] InputShape => Generator.InputShape;

    public long[] OutputShape => Generator.OutputShape;

    public double ParameterCount
    {
        get
        {
            if (!ShareHiddenLayers)
                return Count * Generator.ParameterCount;
            var hidden = new HiddenLayers(Generator.HiddenSizes, Generator.Activation, Generator.Normalization);
            return hidden.ParameterCount(Generator.InputSize) + Count * ((double)hidden.OutputSize(Generator.InputSize) + 1) * Generator.OutputSize;
        }
    }

    public GanNetwork Build(string name) => new GeneratorMixture(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(ShareHiddenLayers);
        Generator.Write(writer);
    }

    public static GeneratorMixtureSpec Read(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        bool shared = reader.ReadBoolean();
        var spec = new GeneratorMixtureSpec(MlpSpec.Read(reader), count, shared);
        if (count < 2 || count > MaxCount)
            throw new InvalidDataException($"invalid generator mixture {spec}");
        return spec;
    }

    public override string ToString() => $"{Count} generators{(ShareHiddenLayers ? " sharing hidden layers" : "")}, each {Generator}";
}

/// <summary>
/// MAD-GAN's k generators as one network. <see cref="ForwardEach"/> runs every generator on the same latents;
/// <see cref="ForwardChosen(Tensor, Tensor)"/> gives each row the output of the generator its index names; <c>forward</c> (used
/// by the collapse monitor and the remedies that look at "the" generated rows) takes generator i mod k for row i: a mixture
/// with equal weights.
/// </summary>
internal sealed class GeneratorMixture : GanNetwork
{
    // Field names are the keys of saved weights.
    private readonly ModuleList<nn.Module<Tensor, Tensor>> generators; // not shared: k MLPs
    private readonly nn.Module<Tensor, Tensor>? body;                   // shared: the hidden layers once ...
    private readonly ModuleList<Linear> heads;                      // ... and k output layers
    private readonly GeneratorMixtureSpec _spec;

    public GeneratorMixture(string name, GeneratorMixtureSpec spec) : base(name)
    {
        _spec = spec;
        generators = new ModuleList<nn.Module<Tensor, Tensor>>();
        heads = new ModuleList<Linear>();
        if (spec.ShareHiddenLayers)
        {
            var hidden = new HiddenLayers(spec.Generator.HiddenSizes, spec.Generator.Activation, spec.Generator.Normalization);
            body = hidden.Build(spec.Generator.InputSize);
            for (int i = 0; i < spec.Count; i++)
                heads.Add(nn.Linear(hidden.OutputSize(spec.Generator.InputSize), spec.Generator.OutputSize));
        }
        else
        {
            for (int i = 0; i < spec.Count; i++)
                generators.Add(new Mlp($"generator{i}", spec.Generator));
        }
        RegisterComponents();
    }

    public override INetworkSpec Spec => _spec;

    public int Count => _spec.Count;

    /// <summary>Every generator's rows for <paramref name="latents"/> [n, latent]: [k, n, features].</summary>
    public Tensor ForwardEach(Tensor latents)
    {
        if (body is not null)
        {
            var hidden = body.forward(latents);
            return stack(heads.Select(h => h.forward(hidden)).ToArray());
        }
        return stack(generators.Select(g => g.forward(latents)).ToArray());
    }

    /// <summary>Row i from generator <paramref name="choices"/>[i] (int64, [n], each in [0, k)).</summary>
    public Tensor ForwardChosen(Tensor latents, Tensor choices)
    {
        var all = ForwardEach(latents); // [k, n, f]
        var index = choices.reshape(1, -1, 1).expand(1, all.shape[1], all.shape[2]);
        return all.gather(0, index).squeeze(0);
    }

    public override Tensor forward(Tensor latents)
        => ForwardChosen(latents, HeldScalarOps.Range(latents.shape[0], latents.device).Remainder(Count));
}
