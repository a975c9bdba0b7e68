using MLGan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Remedies;

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

    public MinibatchDiscrimination(int inputSize, int kernels, int kernelDimension) : base("minibatch_discrimination")
    {
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
        var m = features.mm(projection).view(n, _kernels, _kernelDimension);
        var l1 = (m.unsqueeze(0) - m.unsqueeze(1)).abs().sum(3); // [N, N, B]
        var similarity = l1.neg().exp().sum(1) - 1;               // minus exp(0), the row's similarity to itself
        return cat(new[] { features, similarity }, 1);
    }

    public void Initialize(Generator generator)
        => SeededInitialization.Uniform(projection, 1.0 / Math.Sqrt(projection.shape[0]), generator);
}
