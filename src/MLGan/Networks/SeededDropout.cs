using TorchSharp;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Networks;

/// <summary>
/// Dropout whose masks come from a seeded generator the training run hands in (<see cref="UseGenerator(Generator)"/>), not from
/// libtorch's global one: TorchSharp's dropout draws from global state that MLGan does not seed, so two runs with
/// the same seed trained different discriminators. Training: x · m / (1 − p), m ~ Bernoulli(1 − p); evaluation: x.
/// </summary>
internal sealed class SeededDropout(double probability) : nn.Module<Tensor, Tensor>("dropout")
{
    private Generator? _random;

    /// <summary>The generator masks are drawn from (on the module's device); owned by the caller.</summary>
    public void UseGenerator(Generator random) => _random = random;

    /// <summary>Points every <see cref="SeededDropout"/> inside <paramref name="network"/> at <paramref name="random"/>.</summary>
    public static void UseGenerator(nn.Module network, Generator random)
    {
        foreach (var dropout in network.modules().OfType<SeededDropout>())
            dropout.UseGenerator(random);
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || probability == 0)
            return input.alias(); // a new handle: Sequential disposes the intermediate results it is handed back
        if (_random is null)
            throw new InvalidOperationException("SeededDropout in training mode needs a generator (UseGenerator).");
        using var threshold = probability.ToScalar();
        var keep = rand(input.shape, dtype: input.dtype, device: input.device, generator: _random).ge_(threshold);
        return (input * keep).DividedBy(1 - probability);
    }
}
