using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Networks;

/// <summary>A module whose weights are drawn by <see cref="SeededInitialization"/> in its own way.</summary>
internal interface ISeededModule
{
    void Initialize(Generator generator);
}

/// <summary>
/// Draws every weight of a network from one seeded generator, in module order, so a network's weights
/// depend on the seed only, never on global random state.
/// </summary>
internal static class SeededInitialization
{
    /// <summary>
    /// Linear layers get PyTorch's default initialization (uniform in ±1/sqrt(fan_in)); convolutions (the DCGAN networks)
    /// get DCGAN's N(0, 0.02) weights and zero biases (Radford et al. 2016); <see cref="ISeededModule"/>s initialize themselves.
    /// </summary>
    public static void Apply(nn.Module root, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var module in root.modules().Prepend(root).Distinct())
        {
            if (module is ISeededModule seeded)
                seeded.Initialize(generator);
            else if (module is Linear linear)
            {
                double bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                Uniform(linear.weight, bound, generator);
                if (linear.bias is not null)
                    Uniform(linear.bias, bound, generator);
            }
            else if (module is Conv2d or ConvTranspose2d)
            {
                var parameters = module.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
                Normal(parameters["weight"], DcganStd, generator);
                if (parameters.TryGetValue("bias", out var bias))
                    bias.zero_();
            }
        }
    }

    /// <summary>Standard deviation of DCGAN's initial convolution weights.</summary>
    public const double DcganStd = 0.02;

    public static void Normal(Tensor target, double std, Generator generator)
        => target.copy_(randn(target.shape, dtype: target.dtype, generator: generator).Times(std));

    // nn.init.uniform_ in TorchSharp 0.107 ignores its generator argument, so draw with rand instead.
    public static void Uniform(Tensor target, double bound, Generator generator)
        => target.copy_(rand(target.shape, dtype: target.dtype, generator: generator).Times(2 * bound).Minus(bound));
}
