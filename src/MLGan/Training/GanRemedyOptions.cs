namespace MLGan;

/// <summary>
/// Remedies for mode collapse (<see cref="GanOptions.Remedies"/>), each with its settings together. All are off by
/// default except minibatch standard deviation and the generator's weight average, which the benchmarks chose.
/// </summary>
public sealed class GanRemedyOptions
{
    /// <summary>PacGAN packing (Lin et al. 2018).</summary>
    public PackingOptions Packing = new();

    /// <summary>Unrolled discriminator (Metz et al. 2017).</summary>
    public UnrollingOptions Unrolling = new();

    /// <summary>Minibatch discrimination (Salimans et al. 2016).</summary>
    public MinibatchDiscriminationOptions MinibatchDiscrimination = new();

    /// <summary>Minibatch standard deviation (Karras et al. 2018); on by default.</summary>
    public MinibatchStandardDeviationOptions MinibatchStandardDeviation = new();

    /// <summary>Feature matching (Salimans et al. 2016).</summary>
    public FeatureMatchingOptions FeatureMatching = new();

    /// <summary>The DRAGAN gradient penalty (Kodali et al. 2017).</summary>
    public DraganOptions Dragan = new();

    /// <summary>The R1 gradient penalty (Mescheder et al. 2018), optionally lazy (Karras et al. 2020).</summary>
    public R1Options R1 = new();

    /// <summary>Spectral normalization of the discriminator (Miyato et al. 2018).</summary>
    public SpectralNormOptions SpectralNorm = new();

    /// <summary>Annealed instance noise (Sønderby et al. 2017).</summary>
    public InstanceNoiseOptions InstanceNoise = new();

    /// <summary>One-sided label smoothing (Salimans et al. 2016).</summary>
    public LabelSmoothingOptions LabelSmoothing = new();

    /// <summary>Exponential moving average of the generator's weights (Yazıcı et al. 2019); on by default.</summary>
    public GeneratorEmaOptions GeneratorEma = new();

    /// <summary>Several discriminators (GMAN, Durugkar et al. 2017).</summary>
    public MultipleDiscriminatorsOptions MultipleDiscriminators = new();

    /// <summary>Energy-based GAN with an autoencoder discriminator (EBGAN, Zhao et al. 2017).</summary>
    public EnergyBasedOptions EnergyBased = new();

    /// <summary>Several generators against a (k+1)-way discriminator (MAD-GAN, Ghosh et al. 2018).</summary>
    public MultipleGeneratorsOptions MultipleGenerators = new();

    /// <summary>A reconstructor network and a discriminator of (row, latent) pairs (VEEGAN, Srivastava et al. 2017).</summary>
    public ReconstructorOptions Reconstructor = new();

    internal GanRemedyOptions Clone() => new()
    {
        Packing = Packing.Clone(), Unrolling = Unrolling.Clone(), MinibatchDiscrimination = MinibatchDiscrimination.Clone(),
        MinibatchStandardDeviation = MinibatchStandardDeviation.Clone(), FeatureMatching = FeatureMatching.Clone(), Dragan = Dragan.Clone(),
        R1 = R1.Clone(), SpectralNorm = SpectralNorm.Clone(), InstanceNoise = InstanceNoise.Clone(), LabelSmoothing = LabelSmoothing.Clone(),
        GeneratorEma = GeneratorEma.Clone(), MultipleDiscriminators = MultipleDiscriminators.Clone(),
        EnergyBased = EnergyBased.Clone(), MultipleGenerators = MultipleGenerators.Clone(), Reconstructor = Reconstructor.Clone(),
    };
}

/// <summary>PacGAN packing (Lin et al. 2018): the discriminator judges <see cref="Degree"/> rows concatenated, which penalizes a generator that covers few modes.</summary>
public sealed class PackingOptions
{
    /// <summary>Rows judged together, m; 1 turns packing off. <see cref="GanScheduleOptions.BatchSize"/> must be a multiple of it.</summary>
    public int Degree = 1;

    internal PackingOptions Clone() => (PackingOptions)MemberwiseClone();
}

/// <summary>
/// Unrolled discriminator (Metz et al. 2017): before each generator update the discriminator takes <see cref="Steps"/>
/// lookahead steps on fresh batches, the generator learns against the result, and the discriminator's parameters are
/// restored. The generator is thus rewarded for moves that still pay off once the discriminator has reacted, which
/// discourages hopping between modes. First-order: gradients do not flow back through the lookahead updates; they use
/// their own Adam state (the discriminator's settings) and their own random stream.
/// </summary>
public sealed class UnrollingOptions
{
    /// <summary>Lookahead steps, in [0, 100]; 0 turns unrolling off (5 to 10 in the paper).</summary>
    public int Steps;

    internal UnrollingOptions Clone() => (UnrollingOptions)MemberwiseClone();
}

/// <summary>
/// Minibatch discrimination (Salimans et al. 2016): a layer before the discriminator's head appends, for each row, its
/// learned similarity to the other rows of the batch, so a batch of near-copies is easy to reject.
/// </summary>
public sealed class MinibatchDiscriminationOptions
{
    /// <summary>Turns the layer on.</summary>
    public bool Enabled;

    /// <summary>Kernels (B): similarities appended per row.</summary>
    public int Kernels = 32;

    /// <summary>Dimension (C) of each kernel.</summary>
    public int KernelDimension = 4;

    internal MinibatchDiscriminationOptions Clone() => (MinibatchDiscriminationOptions)MemberwiseClone();
}

/// <summary>
/// Minibatch standard deviation (Karras et al. 2018): the batch's average feature spread is appended to every row before
/// the discriminator's head. Cheaper than minibatch discrimination and has no weights.
/// </summary>
public sealed class MinibatchStandardDeviationOptions
{
    /// <summary>Turns the layer on (default).</summary>
    public bool Enabled = true;

    internal MinibatchStandardDeviationOptions Clone() => (MinibatchStandardDeviationOptions)MemberwiseClone();
}

/// <summary>
/// Feature matching (Salimans et al. 2016): the squared distance between the mean discriminator features (last hidden
/// layer) of real and of generated batches, added to the generator's loss.
/// </summary>
public sealed class FeatureMatchingOptions
{
    /// <summary>Weight of the term; 0 turns it off. The paper replaces the adversarial loss with it; a large weight comes close to that.</summary>
    public double Weight;

    internal FeatureMatchingOptions Clone() => (FeatureMatchingOptions)MemberwiseClone();
}

/// <summary>
/// DRAGAN (Kodali et al. 2017): the discriminator's gradient norm is pushed towards 1 at points perturbed around the real data.
/// </summary>
public sealed class DraganOptions
{
    /// <summary>Weight λ; 10 is the paper's value; 0 turns it off.</summary>
    public double Weight;

    internal DraganOptions Clone() => (DraganOptions)MemberwiseClone();
}

/// <summary>R1 (Mescheder et al. 2018): (γ/2)·E‖∇D(x)‖² on real rows.</summary>
public sealed class R1Options
{
    /// <summary>Weight γ; values around 0.1–10 are usual; 0 turns it off.</summary>
    public double Weight;

    /// <summary>
    /// Lazy regularization (Karras et al. 2020, StyleGAN2): with N &gt; 1 the penalty is applied in a discriminator update of
    /// its own every N steps, weighted N times as much, instead of in every discriminator update. 16 is StyleGAN2's value;
    /// 1 (default) applies it every update.
    /// </summary>
    public int Interval = 1;

    internal R1Options Clone() => (R1Options)MemberwiseClone();
}

/// <summary>
/// Spectral normalization (Miyato et al. 2018) of every discriminator layer: each weight is divided by its largest singular
/// value, making the discriminator about 1-Lipschitz without weight clipping or a gradient penalty.
/// </summary>
public sealed class SpectralNormOptions
{
    /// <summary>Turns it on.</summary>
    public bool Enabled;

    internal SpectralNormOptions Clone() => (SpectralNormOptions)MemberwiseClone();
}

/// <summary>
/// Instance noise (Sønderby et al. 2017): Gaussian noise on every row the discriminator sees, falling linearly to 0 at the
/// end of training.
/// </summary>
public sealed class InstanceNoiseOptions
{
    /// <summary>Initial standard deviation, in units of the standardized features; 0 turns it off.</summary>
    public double InitialStd;

    internal InstanceNoiseOptions Clone() => (InstanceNoiseOptions)MemberwiseClone();
}

/// <summary>
/// One-sided label smoothing (Salimans et al. 2016): real rows get the target 1 − s instead of 1 in the discriminator's
/// loss (generated rows keep 0). Only for the objectives with labels (minimax, non-saturating, least squares).
/// </summary>
public sealed class LabelSmoothingOptions
{
    /// <summary>s, in [0, 0.5]; 0 turns it off; 0.1 is usual.</summary>
    public double Amount;

    internal LabelSmoothingOptions Clone() => (LabelSmoothingOptions)MemberwiseClone();
}

/// <summary>
/// An exponential moving average of the generator's weights: the average is what the monitor checks and what the fitted
/// model generates with.
/// </summary>
public sealed class GeneratorEmaOptions
{
    /// <summary>Decay, in [0, 0.99999] (e.g. 0.999, the default); 0 turns it off.</summary>
    public double Decay = 0.999;

    internal GeneratorEmaOptions Clone() => (GeneratorEmaOptions)MemberwiseClone();
}

/// <summary>
/// Several discriminators (GMAN, Durugkar et al. 2017): <see cref="Count"/> discriminators with the same architecture and
/// different initial weights train side by side; the generator learns against all of them, through the softmax-weighted
/// mean of its losses. Costs about <see cref="Count"/> times the discriminator's work per step.
/// </summary>
public sealed class MultipleDiscriminatorsOptions
{
    /// <summary>Discriminators, 1 to 8; 1 (default) turns the method off. The paper uses 2 to 5.</summary>
    public int Count = 1;

    /// <summary>
    /// λ of the softmax-weighted mean Σᵢ softmax(λ·L)ᵢ·Lᵢ of the generator's losses Lᵢ against each discriminator: 0 (default)
    /// is the plain mean (GMAN-0); larger values weigh the hardest discriminators more, towards the maximum (GMAN-max).
    /// </summary>
    public double Lambda;

    internal MultipleDiscriminatorsOptions Clone() => (MultipleDiscriminatorsOptions)MemberwiseClone();
}

/// <summary>
/// EBGAN (Zhao et al. 2017): the discriminator becomes an autoencoder (encoder = the discriminator's hidden layers, a code
/// of <see cref="CodeSize"/> values, a mirrored decoder) whose energy is its mean squared reconstruction error. It learns low
/// energy on real rows and at least <see cref="Margin"/> on generated ones; the generator lowers its rows' energy, plus the
/// pulling-away term that keeps the codes of a generated batch apart. Replaces <see cref="GanObjectiveOptions.Loss"/>.
/// </summary>
public sealed class EnergyBasedOptions
{
    /// <summary>Turns EBGAN on. Needs a plain MLP discriminator: minibatch standard deviation (on by default) must be turned off.</summary>
    public bool Enabled;

    /// <summary>Margin m of the discriminator's loss, in units of the (standardized) reconstruction error; the paper searches it.</summary>
    public double Margin = 1;

    /// <summary>Weight of the pulling-away term (0.1 in the paper); 0 turns it off.</summary>
    public double PullingAwayWeight = 0.1;

    /// <summary>Values in the autoencoder's code.</summary>
    public int CodeSize = 32;

    internal EnergyBasedOptions Clone() => (EnergyBasedOptions)MemberwiseClone();
}

/// <summary>
/// MAD-GAN (Ghosh et al. 2018): <see cref="Count"/> generators and one discriminator with a (k+1)-way softmax head that
/// tells the real rows and each generator's rows apart (cross-entropy against the row's source). Each generator pushes its
/// rows toward the "real" class: non-saturating −log D_real(Gᵢ(z)), or log(1 − D_real(Gᵢ(z))) with
/// <see cref="GanLoss.Minimax"/>. To keep the discriminator from confusing them, the generators spread over different
/// modes. Replaces <see cref="GanObjectiveOptions.Loss"/>'s terms (the Wasserstein objectives do not combine). The model
/// holds all generators: generation picks one per row as a pure function of (seed, request seed, row position), and
/// <see cref="GanCatalog.GenerateFromGenerator"/> gives one generator's rows. Costs about k generator passes per step.
/// </summary>
public sealed class MultipleGeneratorsOptions
{
    /// <summary>Generators k, 1 to 16; 1 (default) turns the method off.</summary>
    public int Count = 1;

    /// <summary>
    /// Whether the generators share their hidden layers and differ only in their output layers (the paper's parameter
    /// sharing for images); false (default) gives each generator its own network.
    /// </summary>
    public bool ShareHiddenLayers;

    internal MultipleGeneratorsOptions Clone() => (MultipleGeneratorsOptions)MemberwiseClone();
}

/// <summary>
/// VEEGAN (Srivastava et al. 2017): a reconstructor network F maps rows back to latent vectors, and the discriminator judges
/// (row, latent) pairs: real rows with F(x) against generated rows G(z) with their z, under the objective of
/// <see cref="GanObjectiveOptions.Loss"/>. The generator and F also minimize the reconstruction penalty ‖z − F(G(z))‖²
/// (summed over the latent, averaged over the batch), so a generator that maps many z to one mode cannot be inverted and
/// pays for it.
/// </summary>
public sealed class ReconstructorOptions
{
    /// <summary>Turns VEEGAN on.</summary>
    public bool Enabled;

    /// <summary>Weight of the reconstruction penalty (1 in the paper).</summary>
    public double Weight = 1;

    /// <summary>Hidden layer widths of the reconstructor F; null (default) uses the generator's.</summary>
    public int[]? HiddenLayers;

    internal ReconstructorOptions Clone()
    {
        var copy = (ReconstructorOptions)MemberwiseClone();
        copy.HiddenLayers = HiddenLayers?.ToArray();
        return copy;
    }
}
