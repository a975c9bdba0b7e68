using MLGan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using MLGan.Tensors;

namespace MLGan.Engine;

/// <summary>Adam settings of a player.</summary>
internal sealed record AdamSettings(double LearningRate, double Beta1, double Beta2);

/// <summary>A network being trained with its optimizer. Create it once the network is initialized and on its device.</summary>
internal sealed class Player : IDisposable
{
    public Player(string name, GanNetwork network, AdamSettings adam)
    {
        Name = name;
        Spec = network.Spec;
        Adam = adam;
        Network = network;
        Parameters = Network.parameters().ToArray();
        Flat = new FlatParameters(Parameters);
        Optimizer = CreateAdam();
    }

    public string Name { get; }

    public INetworkSpec Spec { get; }

    public AdamSettings Adam { get; }

    public GanNetwork Network { get; }

    public Parameter[] Parameters { get; }

    /// <summary>The parameters' values and gradients in flat buffers (every optimizer of the player works on them).</summary>
    public FlatParameters Flat { get; }

    public torch.optim.Optimizer Optimizer { get; }

    /// <summary>A further Adam over this player's parameters with its settings (e.g. unrolling's lookahead).</summary>
    public torch.optim.Optimizer CreateAdam() => new FlatAdam(Flat, Parameters, Adam.LearningRate, Adam.Beta1, Adam.Beta2);

    /// <summary>The L2 norm of the parameters' gradients (of those that have one), on the device.</summary>
    public torch.Tensor GradientNorm() => Flat.Gradients is { } flat
        ? Flat.Scratch.copy_(flat).SquaredInPlace().sum().sqrt()
        : torch.stack(Parameters.Where(p => p.grad is not null).Select(p => p.grad!.Squared().sum())).sum().sqrt();

    /// <summary>Turns gradients of the parameters on or off (a player a phase does not update is frozen).</summary>
    public void SetTrainable(bool trainable)
    {
        foreach (var parameter in Parameters)
            parameter.requires_grad = trainable;
    }

    public void Dispose()
    {
        Optimizer.Dispose(); // the network is disposed by its owner (the run, or the model it was released to)
        Flat.Dispose();
    }
}
