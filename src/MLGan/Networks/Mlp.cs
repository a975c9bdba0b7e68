using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>A multilayer perceptron: hidden blocks (linear, optional normalization, activation) and a linear output layer. The generator.</summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    // Field names are the keys of saved weights: do not rename without a versioned migration.
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly Linear head;

    public Mlp(string name, MlpSpec spec) : base(name)
    {
        Spec = spec;
        var hidden = new HiddenLayers(spec.HiddenSizes, spec.Activation, spec.Normalization);
        body = hidden.Build(spec.InputSize);
        head = nn.Linear(hidden.OutputSize(spec.InputSize), spec.OutputSize);
        RegisterComponents();
    }

    public MlpSpec Spec { get; }

    public override Tensor forward(Tensor input) => head.forward(body.forward(input));

    /// <summary>Draws the weights from <paramref name="generator"/> (see <see cref="SeededInitialization"/>).</summary>
    public void InitializeWeights(Generator generator) => SeededInitialization.Apply(this, generator);
}
