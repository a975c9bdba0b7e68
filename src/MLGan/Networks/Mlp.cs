using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// A multilayer perceptron: hidden blocks (Linear, optional normalization, activation) and a linear
/// output layer. <see cref="Features"/> exposes the last hidden activations (used by remedies that
/// look inside the discriminator, such as feature matching).
/// </summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    // Field names are the keys of saved weights: do not rename without a versioned migration.
    private readonly Sequential body;
    private readonly Linear head;

    public Mlp(string name, MlpSpec spec) : base(name)
    {
        Spec = spec;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = spec.InputSize;
        for (int i = 0; i < spec.HiddenSizes.Count; i++)
        {
            int next = spec.HiddenSizes[i];
            layers.Add(($"linear{i}", nn.Linear(width, next)));
            if (spec.Normalization == GanNormalization.BatchNorm)
                layers.Add(($"norm{i}", nn.BatchNorm1d(next)));
            else if (spec.Normalization == GanNormalization.LayerNorm)
                layers.Add(($"norm{i}", nn.LayerNorm(next)));
            layers.Add(($"act{i}", GanActivationModules.Create(spec.Activation)));
            width = next;
        }
        body = nn.Sequential(layers);
        head = nn.Linear(width, spec.OutputSize);
        RegisterComponents();
    }

    public MlpSpec Spec { get; }

    /// <summary>Width of <see cref="Features"/>' output.</summary>
    public int FeatureSize => Spec.HiddenSizes.Count > 0 ? Spec.HiddenSizes[^1] : Spec.InputSize;

    public Tensor Features(Tensor input) => body.forward(input);

    public override Tensor forward(Tensor input) => head.forward(body.forward(input));

    /// <summary>
    /// PyTorch's default Linear initialization (uniform in ±1/sqrt(fan_in)) drawn from
    /// <paramref name="generator"/>, so weights depend on the seed only, never on global RNG state.
    /// </summary>
    public void InitializeWeights(Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var module in modules())
        {
            if (module is not Linear linear)
                continue;
            double bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
            Uniform(linear.weight, bound, generator);
            if (linear.bias is not null)
                Uniform(linear.bias, bound, generator);
        }
    }

    // nn.init.uniform_ in TorchSharp 0.107 ignores its generator argument, so draw with rand instead.
    private static void Uniform(Tensor target, double bound, Generator generator)
        => target.copy_(rand(target.shape, dtype: target.dtype, generator: generator) * (2 * bound) - bound);
}
