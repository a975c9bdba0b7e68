using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// max(slope · x, x), the same kernel as TorchSharp's <c>nn.LeakyReLU</c>, with its slope held as one
/// <see cref="Scalar"/> for the module's life.
/// </summary>
/// <remarks>
/// Why not <c>nn.LeakyReLU</c>: TorchSharp 0.107 turns the slope into a new <see cref="Scalar"/> on every call and passes
/// only its native handle on, so nothing keeps the managed object alive during the native call; a garbage collection
/// triggered on another thread can run its finalizer and free the scalar while libtorch reads it. A 20,000-step run
/// on 2-D blobs failed that way once ("Expected false to be true" from c10::Scalar::toFloat inside leaky_relu). The
/// discriminator calls it several times a step, so the held scalar removes the most frequent case.
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
