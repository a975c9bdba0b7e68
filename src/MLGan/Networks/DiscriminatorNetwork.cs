using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// The MLP discriminator (critic): packs rows (PacGAN), then hidden blocks, then the minibatch layers that let it compare
/// the rows of a batch, then a linear head with one score (or, for MAD-GAN, k + 1 class logits) per packed row. <see cref="Features"/> exposes the hidden
/// blocks' output for feature matching.
/// </summary>
internal sealed class DiscriminatorNetwork : GanNetwork, IFeatureNetwork
{
    // Field names are the keys of the module's state.
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor> minibatch;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly bool _hasMinibatchLayers;
    private readonly DiscriminatorSpec _spec;

    public DiscriminatorNetwork(string name, DiscriminatorSpec spec) : base(name)
    {
        _spec = spec;
        body = spec.Hidden.Build(spec.PackedInputSize);
        int width = spec.Hidden.OutputSize(spec.PackedInputSize);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (spec.MinibatchKernels > 0)
        {
            layers.Add(("discrimination", new MinibatchDiscrimination(width, spec.MinibatchKernels, spec.MinibatchKernelDimension, spec.TwiceDifferentiable)));
            width = MinibatchDiscrimination.OutputSize(width, spec.MinibatchKernels);
        }
        if (spec.MinibatchStandardDeviation)
        {
            layers.Add(("stddev", new MinibatchStandardDeviationLayer()));
            width += MinibatchStandardDeviationLayer.ExtraFeatures;
        }
        _hasMinibatchLayers = layers.Count > 0;
        minibatch = nn.Sequential(layers);
        head = HiddenLayers.Linear(width, spec.Outputs, spec.Hidden.SpectralNorm);
        RegisterComponents();
    }

    public DiscriminatorNetwork(DiscriminatorSpec spec) : this("discriminator", spec) { }

    public override INetworkSpec Spec => _spec;

    /// <summary>The hidden blocks' output for each packed row (the features that feature matching compares).</summary>
    public Tensor Features(Tensor rows) => body.forward(Pack(rows));

    public override Tensor forward(Tensor rows)
    {
        var features = body.forward(Pack(rows));
        return head.forward(_hasMinibatchLayers ? minibatch.forward(features) : features);
    }

    /// <summary>PacGAN packing (Lin et al. 2018): [B, d] → [B / m, m · d], consecutive rows side by side.</summary>
    private Tensor Pack(Tensor rows) => _spec.PackingDegree == 1 ? rows : rows.reshape(rows.shape[0] / _spec.PackingDegree, rows.shape[1] * _spec.PackingDegree);
}
