using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Networks.Convolutional;

/// <summary>
/// A 4x4, stride-2, padding-1 convolution with spectral normalization (Miyato et al. 2018): the kernel, seen as a
/// [out, in·4·4] matrix, is divided by its largest singular value as <see cref="SpectralLinear"/> does.
/// </summary>
internal sealed class SpectralConv2d : nn.Module<Tensor, Tensor>, ISeededModule
{
    // Field names are the keys of the module's state: weight, bias, u, v.
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor u;
    private readonly Tensor v;

    public SpectralConv2d(long input, long output) : base("spectral_conv2d")
    {
        weight = new Parameter(empty(output, input, DcganLayout.Kernel, DcganLayout.Kernel));
        bias = new Parameter(zeros(output));
        u = zeros(output);
        v = zeros(input * DcganLayout.Kernel * DcganLayout.Kernel);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var kernel = SpectralLinear.Normalize(weight.view(weight.shape[0], -1), u, v, training).view(weight.shape);
        return nn.functional.conv2d(input, kernel, bias, strides: new long[] { 2, 2 }, padding: new long[] { 1, 1 });
    }

    public void Initialize(Generator generator)
    {
        SeededInitialization.Normal(weight, SeededInitialization.DcganStd, generator);
        bias.zero_();
        u.copy_(nn.functional.normalize(randn(u.shape, generator: generator), dim: 0));
        v.copy_(nn.functional.normalize(weight.view(weight.shape[0], -1).t().mv(u), dim: 0));
    }
}
