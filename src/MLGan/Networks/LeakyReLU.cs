using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// max(slope · x, x), the same kernel as TorchSharp's <c>nn.LeakyReLU</c>, with its slope held as one
/// <see cref="Scalar"/> for the module's life.
/// </summary>
/// <remarks>
/// Why not <c>nn.LeakyReLU</c>: it turns the slope into a temporary <see cref="Scalar"/> on every call, which a
/// collection on another thread can free mid-call (see <see cref="Tensors.HeldScalarOps"/>; a 20,000-step run on 2-D
/// blobs failed that way once, "Expected false to be true" from c10::Scalar::toFloat inside leaky_relu).
/// </remarks>
internal sealed class LeakyReLU : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    public LeakyReLU(double slope) : base("leaky_relu") => _slope = slope.ToScalar();

    public override Tensor forward(Tensor input) => input.leaky_relu(_slope);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _slope.Dispose();
        base.Dispose(disposing);
    }
}
