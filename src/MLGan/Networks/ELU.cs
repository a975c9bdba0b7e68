using MLGan.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// ELU (Clevert et al. 2016): x for x &gt; 0, exp(x) − 1 otherwise; the kernel of TorchSharp's <c>nn.ELU()</c> (alpha
/// 1), whose forward builds three temporary scalars per call (see <see cref="HeldScalarOps"/>); these are held.
/// </summary>
internal sealed class ELU() : nn.Module<Tensor, Tensor>("elu")
{
    private static readonly Scalar Unit = 1.0.ToScalar();

    public override Tensor forward(Tensor input) => input.elu(Unit, Unit, Unit);
}
