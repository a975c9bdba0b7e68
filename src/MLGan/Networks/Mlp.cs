using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>A multilayer perceptron: hidden blocks (linear, optional normalization, activation) and a linear output layer. The generator.</summary>
internal sealed class Mlp : GanNetwork
{
    // Field names are the keys of saved weights: do not rename without a versioned migration.
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly Linear head;
    private readonly MlpSpec _spec;

    public Mlp(string name, MlpSpec spec) : base(name)
    {
        _spec = spec;
        var hidden = new HiddenLayers(spec.HiddenSizes, spec.Activation, spec.Normalization);
        body = hidden.Build(spec.InputSize);
        head = nn.Linear(hidden.OutputSize(spec.InputSize), spec.OutputSize);
        RegisterComponents();
    }

    public override INetworkSpec Spec => _spec;

    public override Tensor forward(Tensor input) => head.forward(body.forward(input));
}
