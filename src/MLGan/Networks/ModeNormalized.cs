using MLGan.Data;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Networks;

/// <summary>Which side of the GAN a <see cref="ModeNormalizedSpec"/> wraps.</summary>
internal enum ModeRole
{
    Generator = 0,
    Discriminator = 1,
}

/// <summary>
/// A network that works mode by mode (<see cref="ModeNormalization"/>, <see cref="ModeClusters"/>) around a network
/// conditioned on the mode (<see cref="ConditionalSpec"/>). The generator takes latent vectors only: each row's mode is
/// drawn from its first latent value (Φ(z₀) against the modes' cumulative shares, so modes come in their training shares
/// and a row's mode depends on its own latent vector only), the inner generator writes the row in that mode's whitened
/// units, and the row is mapped to the mode (μ + V Λ^(1/2) y). The discriminator takes rows: each goes to its most likely
/// mode (as the training rows were assigned), is whitened by that mode (Λ^(-1/2) Vᵀ (x − μ)) and scored with the mode.
/// </summary>
internal sealed record ModeNormalizedSpec(INetworkSpec Inner, ModeClusters Modes, ModeRole Role) : INetworkSpec
{
    public const string TypeTag = "mode-normalized";

    public string Kind => TypeTag;

    public long[] InputShape => Inner.InputShape;

    public long[] OutputShape => Inner.OutputShape;

    public double ParameterCount => Inner.ParameterCount;

    public double MultiplyAddsPerRow => Inner.MultiplyAddsPerRow + (double)Modes.Size * Modes.Size;

    public GanNetwork Build(string name) => new ModeNormalizedNetwork(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write((int)Role);
        Modes.Write(writer);
        NetworkSpecs.Write(writer, Inner);
    }

    public static ModeNormalizedSpec Read(BinaryReader reader)
    {
        var role = (ModeRole)reader.ReadInt32();
        if (!Enum.IsDefined(role))
            throw new InvalidDataException($"invalid mode-normalized network role {(int)role}");
        var modes = ModeClusters.Read(reader);
        var spec = new ModeNormalizedSpec(NetworkSpecs.Read(reader), modes, role);
        bool fits = spec.Inner is ConditionalSpec { Input: ConditionInput.Vector } conditional && conditional.Classes == modes.Count
            && (role == ModeRole.Generator ? spec.OutputShape : spec.InputShape).SequenceEqual(new long[] { modes.Size });
        return fits ? spec : throw new InvalidDataException($"a mode-normalized {role} of {modes.Count} modes x {modes.Size} values cannot wrap {spec.Inner}");
    }

    public override string ToString() => Modes.Count == 1 ? $"{(Inner as ConditionalSpec)?.Inner ?? Inner}, on the rows whitened as one mode"
        : Inner is ConditionalSpec conditional
        ? $"{conditional.Inner}, mode by mode ({Modes.Count} modes, embedding {conditional.EmbeddingSize})"
        : $"{Inner}, mode by mode ({Modes.Count} modes)";
}

/// <summary>The module of <see cref="ModeNormalizedSpec"/>.</summary>
internal sealed class ModeNormalizedNetwork : GanNetwork, IFeatureNetwork
{
    // Field names are the keys of saved weights; the modes' tensors are buffers outside the saved state (the spec holds them).
    private readonly ConditionalNetwork inner;
    private readonly ModeNormalizedSpec _spec;

    public ModeNormalizedNetwork(string name, ModeNormalizedSpec spec) : base(name)
    {
        _spec = spec;
        inner = (ConditionalNetwork)spec.Inner.Build("inner");
        var modes = spec.Modes;
        int k = modes.Count, d = modes.Size;
        var unwhiten = new float[k * d * d];
        for (int c = 0; c < k; c++)
        {
            var shape = modes.Shapes[c];
            for (int a = 0; a < d; a++)
                for (int i = 0; i < d; i++)
                    unwhiten[(c * d + a) * d + i] = shape.Rotation[a * d + i] * shape.Spread[i]; // V Λ^(1/2): row a, column i
        }
        double cumulative = 0;
        var thresholds = new float[k - 1];
        for (int c = 0; c < k - 1; c++)
            thresholds[c] = (float)(cumulative += modes.Shares[c]);
        register_buffer("means", tensor(modes.Means, new long[] { k, d }), persistent: false);
        var (whitening, whitenedMeans, offsets) = modes.RuleTensors();
        register_buffer("whitening", whitening, persistent: false);
        register_buffer("whitened_means", whitenedMeans, persistent: false);
        register_buffer("offsets", offsets, persistent: false);
        register_buffer("unwhiten", tensor(unwhiten, new long[] { k, d, d }), persistent: false);
        register_buffer("thresholds", tensor(thresholds), persistent: false);
        var target = new float[d * d];
        for (int c = 0; c < k; c++)
            for (int i = 0; i < d; i++)
                target[i * d + i] += modes.Shapes[c].Spread[i] > 0 ? modes.Shares[c] : 0f;
        register_buffer("target", tensor(target, new long[] { d, d }), persistent: false);
        RegisterComponents();
    }

    public override INetworkSpec Spec => _spec;

    public override Tensor forward(Tensor input)
    {
        if (_spec.Role == ModeRole.Generator)
        {
            var modes = ModesOfLatents(input);
            return Unwhiten(inner.Forward(input, modes), modes);
        }
        var (whitened, nearest) = Whiten(input);
        return inner.Forward(whitened, nearest);
    }

    /// <summary>Modes the network works by.</summary>
    public int ModeCount => _spec.Modes.Count;

    /// <summary>The covariance of real rows whitened by their modes, [d, d] (see <see cref="ModeMomentMatching"/>).</summary>
    public Tensor TargetCovariance => Buffer("target");

    /// <summary>The inner discriminator's features of the whitened rows (feature matching).</summary>
    public Tensor Features(Tensor rows)
    {
        var (whitened, nearest) = Whiten(rows);
        return inner.Features(whitened, nearest);
    }

    /// <summary>Each latent row's mode: Φ(z₀) against the modes' cumulative shares (int64).</summary>
    public Tensor ModesOfLatents(Tensor latents)
    {
        if (ModeCount == 1)
            return zeros(latents.shape[0], ScalarType.Int64, latents.device);
        using var _ = no_grad();
        var uniform = special.ndtr(latents.select(1, 0));
        return uniform.unsqueeze(1).gt(Buffer("thresholds").unsqueeze(0)).sum(1, type: ScalarType.Int64);
    }

    /// <summary>Each row's most likely mode (int64; <see cref="ModeClusters.MostLikely(Tensor)"/>), and the row whitened by that mode.</summary>
    public (Tensor Whitened, Tensor Modes) Whiten(Tensor rows)
    {
        if (ModeCount == 1) // one affine map: no search
            return ((rows - Buffer("means")).mm(Buffer("whitening")), zeros(rows.shape[0], ScalarType.Int64, rows.device));
        return ModeClusters.MostLikely(rows, Buffer("whitening"), Buffer("whitened_means"), Buffer("offsets"));
    }

    /// <summary>Rows of the given modes from values in their whitened units: μ + V Λ^(1/2) y.</summary>
    public Tensor Unwhiten(Tensor whitened, Tensor modes) => ModeCount == 1
        ? Buffer("means").Plus(whitened.mm(Buffer("unwhiten").select(0, 0).t()))
        : Buffer("means").index_select(0, modes).Plus(bmm(Buffer("unwhiten").index_select(0, modes), whitened.unsqueeze(2)).squeeze(2));

    // Registered buffers follow the module to its device.
    private Tensor Buffer(string name) => get_buffer(name)!;
}

/// <summary>
/// Moment matching in the modes' whitened units, mode by mode: a generated batch is whitened by each row's mode, and
/// (1) each mode's batch mean m_c is pulled to 0 (Σ_c (n_c/n) ‖m_c‖², less its sampling part tr(C)·k/n so that it does
/// not reward a smaller spread) and (2) the pooled within-mode covariance C (rows minus their mode's batch mean, divisor
/// n − k) to T, which real rows meet exactly: each mode's rows have mean 0 and covariance I in its own units (T is
/// diagonal, each direction's share of rows in modes that vary along it). Within-mode moments matter: pooled over modes,
/// a generator could meet mean 0 and covariance I with every mode collapsed to one point, the points spread out (which
/// it did on 12 modes in 3-D). Matching the first two moments of features is McGAN's idea (Mroueh et al. 2017, "McGan:
/// Mean and Covariance Feature Matching GAN"); here the features are the whitened rows themselves, whose real moments
/// need no estimate. It keeps the generator from writing a mode flat in some directions, which a discriminator tells
/// apart only slowly (benchmarks/RESULTS.md).
/// </summary>
internal sealed class ModeMomentMatching(string generator) : Engine.ILossTerm
{
    public string Name => "mode moment matching";

    public Tensor Compute(Engine.IPhaseContext context)
    {
        var network = (ModeNormalizedNetwork)context.Network(generator);
        var (whitened, modes) = network.Whiten(context.Fake);
        long rows = whitened.shape[0];
        var membership = nn.functional.one_hot(modes, network.ModeCount).to_type(whitened.dtype); // [n, k]
        var counts = membership.sum(new long[] { 0 });                                               // [k]
        var means = membership.t().mm(whitened) / counts.ClampMin(1).unsqueeze(1);                   // [k, d]
        var centred = whitened - means.index_select(0, modes);
        var present = counts.GreaterThan(0).sum().to_type(whitened.dtype); // modes in the batch, kept on the device (no read per step)
        var covariance = centred.t().mm(centred) / present.SubtractedFrom(rows).ClampMin(1);
        var meanTerm = (counts * means.Squared().sum(1)).sum().DividedBy(rows) - covariance.trace() * present.DividedBy(rows);
        return meanTerm.Plus((covariance - network.TargetCovariance).Squared().sum());
    }
}
