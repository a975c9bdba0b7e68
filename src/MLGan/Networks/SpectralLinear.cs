using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// A linear layer with spectral normalization (Miyato et al. 2018): the weight is divided by an estimate of its
/// largest singular value σ, kept by one power iteration per training forward pass, so the layer is about
/// 1-Lipschitz. The estimate's vectors u and v are buffers; gradients flow through σ's dependence on the weight.
/// </summary>
internal sealed class SpectralLinear : nn.Module<Tensor, Tensor>, ISeededModule
{
    // Field names are the keys of the module's state: weight, bias, u, v.
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor u;
    private readonly Tensor v;

    public SpectralLinear(int inputSize, int outputSize) : base("spectral_linear")
    {
        weight = new Parameter(empty(outputSize, inputSize));
        bias = new Parameter(zeros(outputSize));
        u = zeros(outputSize);
        v = zeros(inputSize);
        RegisterComponents();
    }

    /// <summary>The raw (unnormalized) weight.</summary>
    public Tensor Weight => weight;

    /// <summary>The current estimate of the raw weight's largest singular value.</summary>
    public Tensor Sigma()
    {
        using var _ = no_grad();
        return u.dot(weight.mv(v));
    }

    /// <summary>The weight actually applied: W / σ.</summary>
    public Tensor NormalizedWeight() => Normalize(weight, u, v, training);

    /// <summary>
    /// <paramref name="matrix"/> / σ, σ estimated by u·Wv; in training, one power iteration first updates the buffers
    /// <paramref name="u"/> (rows) and <paramref name="v"/> (columns) in place. Shared by every spectral-normalized layer.
    /// </summary>
    public static Tensor Normalize(Tensor matrix, Tensor u, Tensor v, bool training)
    {
        if (training)
        {
            using var _ = no_grad();
            v.copy_(nn.functional.normalize(matrix.t().mv(u), dim: 0));
            u.copy_(nn.functional.normalize(matrix.mv(v), dim: 0));
        }
        // Clones: the next forward pass updates u and v in place, and this pass's graph must keep its own.
        return matrix / u.clone().dot(matrix.mv(v.clone()));
    }

    public override Tensor forward(Tensor input) => nn.functional.linear(input, NormalizedWeight(), bias);

    public void Initialize(Generator generator)
    {
        double bound = 1.0 / Math.Sqrt(weight.shape[1]);
        SeededInitialization.Uniform(weight, bound, generator);
        SeededInitialization.Uniform(bias, bound, generator);
        u.copy_(nn.functional.normalize(randn(u.shape, generator: generator), dim: 0));
        v.copy_(nn.functional.normalize(weight.t().mv(u), dim: 0));
    }
}
