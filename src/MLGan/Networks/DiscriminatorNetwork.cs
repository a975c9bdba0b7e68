using MLGan.Remedies;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>What the discriminator is made of: its hidden blocks and the optional minibatch layers before its head.</summary>
/// <param name="MinibatchKernels">Kernels of a <see cref="MinibatchDiscrimination"/> layer; 0 for none.</param>
/// <param name="TwiceDifferentiable">Whether a gradient penalty will differentiate the discriminator's input gradient.</param>
internal sealed record DiscriminatorSpec(int InputSize, HiddenLayers Hidden, int MinibatchKernels, int MinibatchKernelDimension, bool MinibatchStandardDeviation,
    bool TwiceDifferentiable = false)
{
    public static DiscriminatorSpec From(GanOptions options, int inputSize) => new(
        inputSize,
        new HiddenLayers(options.DiscriminatorHiddenLayers, options.DiscriminatorActivation, options.DiscriminatorNormalization,
            options.SpectralNorm, options.DiscriminatorDropout),
        options.MinibatchDiscrimination ? options.MinibatchKernels : 0,
        options.MinibatchKernelDimension,
        options.MinibatchStandardDeviation,
        options.Loss == GanLoss.WassersteinGP || options.DraganPenaltyWeight > 0 || options.R1PenaltyWeight > 0);
}

/// <summary>
/// The discriminator (critic): hidden blocks, then the minibatch layers that let it compare the rows of a batch,
/// then a linear head with one score per row. <see cref="Features"/> exposes the hidden blocks' output for
/// feature matching.
/// </summary>
internal sealed class DiscriminatorNetwork : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor> minibatch;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly bool _hasMinibatchLayers;

    public DiscriminatorNetwork(DiscriminatorSpec spec) : base("discriminator")
    {
        body = spec.Hidden.Build(spec.InputSize);
        int width = spec.Hidden.OutputSize(spec.InputSize);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (spec.MinibatchKernels > 0)
        {
            layers.Add(("discrimination", new MinibatchDiscrimination(width, spec.MinibatchKernels, spec.MinibatchKernelDimension, spec.TwiceDifferentiable)));
            width = MinibatchDiscrimination.OutputSize(width, spec.MinibatchKernels);
        }
        if (spec.MinibatchStandardDeviation)
        {
            layers.Add(("stddev", new MinibatchStandardDeviation()));
            width += MinibatchStandardDeviation.ExtraFeatures;
        }
        _hasMinibatchLayers = layers.Count > 0;
        minibatch = nn.Sequential(layers);
        head = HiddenLayers.Linear(width, 1, spec.Hidden.SpectralNorm);
        RegisterComponents();
    }

    /// <summary>The hidden blocks' output for each row (the features that feature matching compares).</summary>
    public Tensor Features(Tensor input) => body.forward(input);

    public override Tensor forward(Tensor input)
    {
        var features = body.forward(input);
        return head.forward(_hasMinibatchLayers ? minibatch.forward(features) : features);
    }

    public void InitializeWeights(Generator generator) => SeededInitialization.Apply(this, generator);
}
