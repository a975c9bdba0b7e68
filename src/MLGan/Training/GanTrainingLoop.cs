using MLGan.Networks;
using MLGan.Objectives;
using MLGan.Remedies;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>
/// The networks, optimizers and objective of one run, and its two update phases. Each phase runs in its
/// own dispose scope, so no tensor outlives the step that made it.
/// </summary>
internal sealed class GanTrainingLoop : IDisposable
{
    private readonly GanOptions _options;
    private readonly AdversarialRecipe _recipe;
    private readonly Packing _packing;
    private readonly Tensor _data;
    private readonly Device _device;
    private readonly Generator _random;
    private readonly Parameter[] _discriminatorParameters;
    private readonly Parameter[] _generatorParameters;
    private readonly optim.Optimizer _generatorOptimizer;
    private readonly optim.Optimizer _discriminatorOptimizer;

    public GanTrainingLoop(GanOptions options, float[] scaledRows, int featureSize, int seed, Device device)
    {
        _options = options;
        _device = device;
        _recipe = AdversarialRecipe.From(options);
        _packing = new Packing(options.PackingDegree);
        int rows = scaledRows.Length / featureSize;
        _data = tensor(scaledRows, new long[] { rows, featureSize }, device: device);

        // Weights are drawn on the CPU from the run's seed, then moved: identical on every device.
        using (var init = new Generator((ulong)seed))
        {
            Generator = new Mlp("generator", new MlpSpec(options.LatentDimension, options.GeneratorHiddenLayers, featureSize,
                options.GeneratorActivation, options.GeneratorNormalization));
            Discriminator = new Mlp("discriminator", new MlpSpec(_packing.InputSize(featureSize), options.DiscriminatorHiddenLayers, 1,
                options.DiscriminatorActivation, GanNormalization.None));
            Generator.InitializeWeights(init);
            Discriminator.InitializeWeights(init);
        }
        Generator.to(device);
        Discriminator.to(device);
        Generator.train();
        Discriminator.train();
        _random = new Generator((ulong)seed + 1, device);
        _discriminatorParameters = Discriminator.parameters().ToArray();
        _generatorParameters = Generator.parameters().ToArray();
        _generatorOptimizer = optim.Adam(_generatorParameters, options.GeneratorLearningRate, options.GeneratorBeta1, options.GeneratorBeta2);
        _discriminatorOptimizer = optim.Adam(_discriminatorParameters, options.DiscriminatorLearningRate, options.DiscriminatorBeta1, options.DiscriminatorBeta2);
    }

    public Mlp Generator { get; }

    public Mlp Discriminator { get; }

    /// <summary>One discriminator update on the real rows <paramref name="batch"/>; returns its loss.</summary>
    public float DiscriminatorStep(long[] batch)
    {
        using var scope = NewDisposeScope();
        var real = _data.index_select(0, tensor(batch, device: _device));
        Tensor fake;
        using (no_grad())
            fake = Generator.forward(Noise(batch.Length));

        var loss = _recipe.Objective.DiscriminatorLoss(Score(real), Score(fake));
        if (_recipe.DiscriminatorPenalties.Count > 0)
        {
            var step = new DiscriminatorStep(Score, real, fake, _random);
            foreach (var penalty in _recipe.DiscriminatorPenalties)
                loss = loss + penalty.Compute(step);
        }
        _discriminatorOptimizer.zero_grad();
        loss.backward();
        _discriminatorOptimizer.step();
        foreach (var constraint in _recipe.DiscriminatorConstraints)
            constraint.Apply(_discriminatorParameters);
        return loss.item<float>();
    }

    /// <summary>One generator update; returns its loss and the L2 norm of the generator's gradient.</summary>
    public (float Loss, float GradientNorm) GeneratorStep()
    {
        using var scope = NewDisposeScope();
        SetDiscriminatorTrainable(false); // the generator step needs no discriminator weight gradients
        try
        {
            var loss = _recipe.Objective.GeneratorLoss(Score(Generator.forward(Noise(_options.BatchSize))));
            _generatorOptimizer.zero_grad();
            loss.backward();
            var norm = stack(_generatorParameters.Where(p => p.grad is not null).Select(p => p.grad!.square().sum())).sum().sqrt();
            _generatorOptimizer.step();
            return (loss.item<float>(), norm.item<float>());
        }
        finally
        {
            SetDiscriminatorTrainable(true);
        }
    }

    /// <summary>The discriminator's scores of a batch of rows (packed first when packing is on).</summary>
    private Tensor Score(Tensor rows) => Discriminator.forward(_packing.Pack(rows));

    private Tensor Noise(int rows) => randn(new long[] { rows, _options.LatentDimension }, device: _device, generator: _random);

    private void SetDiscriminatorTrainable(bool trainable)
    {
        foreach (var parameter in _discriminatorParameters)
            parameter.requires_grad = trainable;
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        Discriminator.Dispose();
        _data.Dispose();
        _random.Dispose();
        // The generator is handed over to the fitted transformer.
    }
}
