using MLGan.Networks;
using MLGan.Objectives;
using MLGan.Remedies;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>
/// The networks, optimizers, objective and remedies of one run, and its two update phases. Each phase runs in
/// its own dispose scope, so no tensor outlives the step that made it. Losses and gradient norms are summed on the
/// device (float64) and read only by <see cref="ReadSums"/>, so a step never waits for the host.
/// </summary>
internal sealed class GanTrainingLoop : IDisposable
{
    private readonly GanOptions _options;
    private readonly AdversarialRecipe _recipe;
    private readonly Packing _packing;
    private readonly InstanceNoise? _instanceNoise;
    private readonly GeneratorEma? _ema;
    private readonly Tensor _data;
    private readonly Device _device;
    private readonly Generator _random;
    private readonly Generator _dropoutRandom;
    private readonly Parameter[] _discriminatorParameters;
    private readonly Parameter[] _generatorParameters;
    private readonly optim.Optimizer _generatorOptimizer;
    private readonly optim.Optimizer _discriminatorOptimizer;
    // Real batches for the generator phase (unrolling, feature matching), drawn apart from the epoch schedule.
    private readonly BatchSampler? _extraBatches;
    private readonly optim.Optimizer? _lookaheadOptimizer;
    private readonly LearningRateDecay? _learningRateDecay;
    // Device-side sums since the last ReadSums: discriminator loss, generator loss, generator gradient norm.
    private readonly Tensor _sums;
    private int _discriminatorSteps, _generatorSteps;
    private int _completedGeneratorSteps;
    private bool _samplingGeneratorReleased;

    public GanTrainingLoop(GanOptions options, float[] scaledRows, int featureSize, int seed, int totalSteps, Device device)
    {
        _options = options;
        _device = device;
        _recipe = AdversarialRecipe.From(options);
        _packing = new Packing(options.PackingDegree);
        if (options.InstanceNoise > 0)
            _instanceNoise = new InstanceNoise(options.InstanceNoise, totalSteps);
        int rows = scaledRows.Length / featureSize;
        _data = tensor(scaledRows, new long[] { rows, featureSize }, device: device);

        // Weights are drawn on the CPU from the run's seed, then moved: identical on every device.
        using (var init = new Generator((ulong)seed))
        {
            Generator = new Mlp("generator", new MlpSpec(options.LatentDimension, options.GeneratorHiddenLayers, featureSize,
                options.GeneratorActivation, options.GeneratorNormalization));
            Discriminator = new DiscriminatorNetwork(DiscriminatorSpec.From(options, _packing.InputSize(featureSize)));
            Generator.InitializeWeights(init);
            Discriminator.InitializeWeights(init);
        }
        Generator.to(device);
        Discriminator.to(device);
        Generator.train();
        Discriminator.train();
        if (options.GeneratorEmaDecay > 0)
            _ema = new GeneratorEma(Generator, options.GeneratorEmaDecay, device);
        _random = new Generator((ulong)seed + 1, device);
        _dropoutRandom = new Generator((ulong)seed + 7, device);
        SeededDropout.UseGenerator(Discriminator, _dropoutRandom);
        _sums = zeros(3, dtype: ScalarType.Float64, device: device);
        _discriminatorParameters = Discriminator.parameters().ToArray();
        _generatorParameters = Generator.parameters().ToArray();
        _generatorOptimizer = optim.Adam(_generatorParameters, options.GeneratorLearningRate, options.GeneratorBeta1, options.GeneratorBeta2);
        _discriminatorOptimizer = DiscriminatorAdam();
        if (options.UnrolledSteps > 0 || options.FeatureMatchingWeight > 0)
            _extraBatches = new BatchSampler(rows, options.BatchSize, seed + 4);
        if (options.UnrolledSteps > 0)
            _lookaheadOptimizer = DiscriminatorAdam();
        if (options.LearningRateDecay)
        {
            var optimizers = new List<(optim.Optimizer, double)> { (_generatorOptimizer, options.GeneratorLearningRate), (_discriminatorOptimizer, options.DiscriminatorLearningRate) };
            if (_lookaheadOptimizer is not null)
                optimizers.Add((_lookaheadOptimizer, options.DiscriminatorLearningRate));
            _learningRateDecay = new LearningRateDecay(totalSteps, optimizers);
        }
    }

    /// <summary>The generator being trained.</summary>
    public Mlp Generator { get; }

    /// <summary>The generator to sample from: the weight average when <see cref="GanOptions.GeneratorEmaDecay"/> is set, else <see cref="Generator"/>.</summary>
    public Mlp SamplingGenerator => _ema?.Average ?? Generator;

    public DiscriminatorNetwork Discriminator { get; }

    /// <summary>One discriminator update on the real rows <paramref name="batch"/>; its loss is added to the sums.</summary>
    public void DiscriminatorStep(long[] batch)
    {
        UpdateDiscriminator(_discriminatorOptimizer, batch, record: true);
        _discriminatorSteps++;
    }

    /// <summary>One generator update; its loss and the L2 norm of the generator's gradient are added to the sums.</summary>
    public void GeneratorStep()
    {
        using var scope = NewDisposeScope();
        using var unrolled = Unroll();
        SetDiscriminatorTrainable(false); // the generator step needs no discriminator weight gradients
        try
        {
            var fake = Generator.forward(Noise(_options.BatchSize));
            var loss = _recipe.Objective.GeneratorLoss(Score(fake));
            if (_options.FeatureMatchingWeight > 0)
                loss = loss + _options.FeatureMatchingWeight * FeatureMatching.Loss(rows => Discriminator.Features(DiscriminatorInput(rows)), RealRows(_extraBatches!.Next()), fake);
            _generatorOptimizer.zero_grad();
            loss.backward();
            var norm = stack(_generatorParameters.Where(p => p.grad is not null).Select(p => p.grad!.square().sum())).sum().sqrt();
            _generatorOptimizer.step();
            _ema?.Update();
            _completedGeneratorSteps++;
            _learningRateDecay?.Apply(_completedGeneratorSteps);
            using (no_grad())
                _sums.narrow(0, 1, 2).add_(stack(new[] { loss.detach(), norm.detach() }));
            _generatorSteps++;
        }
        finally
        {
            SetDiscriminatorTrainable(true);
            unrolled?.Restore();
        }
    }

    /// <summary>
    /// Reads and resets the sums (one transfer from the device): mean discriminator loss, mean generator loss and
    /// mean generator gradient norm since the previous call (NaN for a phase that did not run). A non-finite mean
    /// means some step in between had a non-finite value.
    /// </summary>
    public (double DiscriminatorLoss, double GeneratorLoss, double GradientNorm) ReadSums()
    {
        var sums = _sums.cpu().data<double>().ToArray();
        _sums.zero_();
        var means = (sums[0] / _discriminatorSteps, sums[1] / _generatorSteps, sums[2] / _generatorSteps);
        _discriminatorSteps = _generatorSteps = 0;
        return means;
    }

    /// <summary>
    /// Hands the sampling generator over to the caller (it outlives the loop); the loop disposes everything else.
    /// Also puts it on the CPU in evaluation mode, ready for the fitted transformer.
    /// </summary>
    public Mlp ReleaseSamplingGenerator()
    {
        _samplingGeneratorReleased = true;
        var generator = SamplingGenerator;
        generator.to(CPU);
        generator.eval();
        return generator;
    }

    private void UpdateDiscriminator(optim.Optimizer optimizer, long[] batch, bool record)
    {
        using var scope = NewDisposeScope();
        var real = RealRows(batch);
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
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        foreach (var constraint in _recipe.DiscriminatorConstraints)
            constraint.Apply(_discriminatorParameters);
        if (record)
        {
            using (no_grad())
                _sums.narrow(0, 0, 1).add_(loss.detach().reshape(1));
        }
    }

    /// <summary>With unrolling on, takes the lookahead steps and returns the snapshot that undoes them; else null.</summary>
    private DiscriminatorSnapshot? Unroll()
    {
        if (_lookaheadOptimizer is null)
            return null;
        var snapshot = new DiscriminatorSnapshot(Discriminator);
        for (int k = 0; k < _options.UnrolledSteps; k++)
            UpdateDiscriminator(_lookaheadOptimizer, _extraBatches!.Next(), record: false);
        return snapshot;
    }

    /// <summary>The discriminator's scores of a batch of rows.</summary>
    private Tensor Score(Tensor rows) => Discriminator.forward(DiscriminatorInput(rows));

    /// <summary>What the discriminator sees of a batch: instance noise added, then packed.</summary>
    private Tensor DiscriminatorInput(Tensor rows)
        => _packing.Pack(_instanceNoise?.Apply(rows, _completedGeneratorSteps, _random) ?? rows);

    private Tensor RealRows(long[] batch) => _data.index_select(0, tensor(batch, device: _device));

    private Tensor Noise(int rows) => randn(new long[] { rows, _options.LatentDimension }, device: _device, generator: _random);

    private optim.Optimizer DiscriminatorAdam()
        => optim.Adam(_discriminatorParameters, _options.DiscriminatorLearningRate, _options.DiscriminatorBeta1, _options.DiscriminatorBeta2);

    private void SetDiscriminatorTrainable(bool trainable)
    {
        foreach (var parameter in _discriminatorParameters)
            parameter.requires_grad = trainable;
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _lookaheadOptimizer?.Dispose();
        Discriminator.Dispose();
        _data.Dispose();
        _sums.Dispose();
        _random.Dispose();
        _dropoutRandom.Dispose();
        if (_ema is not null && !_samplingGeneratorReleased)
            _ema.Dispose();
        if (_ema is not null || !_samplingGeneratorReleased)
            Generator.Dispose();
    }
}
