using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Networks;

/// <summary>
/// Minibatch discrimination (Salimans et al. 2016). Each row's features f ∈ R^A are projected by a learned tensor
/// T ∈ R^{A×B×C} to B kernel rows M_b ∈ R^C; similarity to another row j is c_b(i, j) = exp(-‖M_i,b − M_j,b‖₁), and
/// o(i)_b = Σ_{j≠i} c_b(i, j) is appended to the features. A batch of near-identical rows gets large o, so the
/// discriminator can see a collapsed batch that no single row gives away.
/// </summary>
internal sealed class MinibatchDiscrimination : nn.Module<Tensor, Tensor>, ISeededModule
{
    private readonly Parameter projection;
    private readonly int _kernels;
    private readonly int _kernelDimension;
    private readonly bool _twiceDifferentiable;

    /// <param name="twiceDifferentiable">Whether gradients of gradients are needed (a gradient penalty is on).</param>
    public MinibatchDiscrimination(int inputSize, int kernels, int kernelDimension, bool twiceDifferentiable = false) : base("minibatch_discrimination")
    {
        _twiceDifferentiable = twiceDifferentiable;
        _kernels = kernels;
        _kernelDimension = kernelDimension;
        projection = new Parameter(empty(inputSize, kernels * kernelDimension));
        RegisterComponents();
    }

    /// <summary>Width of the output: the input features and one similarity per kernel.</summary>
    public static int OutputSize(int inputSize, int kernels) => inputSize + kernels;

    public override Tensor forward(Tensor features)
    {
        long n = features.shape[0];
        var m = features.mm(projection).view(n, _kernels, _kernelDimension).transpose(0, 1); // [B, N, C]
        var l1 = _twiceDifferentiable
            ? (m.unsqueeze(1) - m.unsqueeze(2)).abs().sum(3) // gradient penalties differentiate twice; cdist's backward cannot be
            : cdist(m, m, p: 1);                             // [B, N, N] without the N·N·C intermediate: several times faster
        var similarity = l1.neg().exp().sum(2).t().Minus(1);    // [N, B], minus exp(0), each row's similarity to itself
        return cat(new[] { features, similarity }, 1);
    }

    public void Initialize(Generator generator)
        => SeededInitialization.Uniform(projection, 1.0 / Math.Sqrt(projection.shape[0]), generator);
}
