using MLGan.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Engine;

/// <summary>How a phase runs when it is not a plain step of the schedule (e.g. unrolling's lookahead).</summary>
/// <param name="Rows">Where its real rows come from instead of the phase's own source.</param>
/// <param name="Random">The random stream for its latents, noise and penalty points.</param>
/// <param name="Record">Whether its loss counts in the progress report.</param>
/// <param name="Optimizer">A player whose update uses another optimizer than its own.</param>
internal sealed record PhaseOverrides(PhaseRows Rows, Generator Random, bool Record, (string Player, optim.Optimizer Optimizer) Optimizer);

/// <summary>
/// The phase runner: builds the plan's players (weights drawn on the CPU from the seed in player order, then moved to the
/// device), then runs steps: each phase of <see cref="TrainingPlan.Phases"/> due at this step, <see cref="Phase.Repeat"/>
/// times, each run in its own dispose scope with one backward pass; then the step hooks. Losses and the generator's
/// gradient norm are summed on the device (float64) and read only by <see cref="ReadSums"/>, so a step never waits for
/// the host. It knows no remedy by name: remedies are terms, hooks, wrappers and input transforms in the plan.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    private readonly Tensor _data;
    private readonly Tensor? _classes;
    private readonly BatchSampler _epochBatches;
    private BatchSampler? _extraBatches;
    private readonly Generator _dropoutRandom;
    private readonly List<(optim.Optimizer Optimizer, double InitialRate)> _optimizers = new();
    private readonly List<GanNetwork> _ownedNetworks = new();
    private readonly Dictionary<string, Player> _players = new();
    // Device-side sums since the last ReadSums: discriminator loss, generator loss, generator gradient norm.
    private readonly Tensor _sums;
    private int _discriminatorRuns, _generatorRuns;
    private GanNetwork? _sampling;
    private GanNetwork? _released;

    /// <param name="encodedRows">The training rows in the codec's space, row-major, <paramref name="rowSize"/> values each.</param>
    /// <param name="classes">For a conditional GAN, each row's class; batches then carry their rows' classes as conditions.</param>
    public TrainingRun(TrainingPlan plan, float[] encodedRows, int rowSize, int seed, Device device, int[]? classes = null)
    {
        Plan = plan;
        Seed = seed;
        Device = device;
        int rows = encodedRows.Length / rowSize;
        _data = tensor(encodedRows, new long[] { rows, rowSize }, device: device);
        if (classes is not null)
            _classes = tensor(classes.Select(c => (long)c).ToArray(), device: device);
        _epochBatches = new BatchSampler(rows, plan.BatchSize, seed);

        // Weights are drawn on the CPU from the run's seed, then moved: identical on every device.
        var networks = plan.Players.Select(p => p.Spec.Build(p.Name)).ToList();
        using (var init = new Generator(RandomStreams.Initialization(seed)))
        {
            foreach (var network in networks)
                network.InitializeWeights(init);
        }
        _dropoutRandom = new Generator(RandomStreams.Dropout(seed), device);
        foreach (var (network, player) in networks.Zip(plan.Players))
        {
            network.to(device);
            network.train();
            SeededDropout.UseGenerator(network, _dropoutRandom);
            _ownedNetworks.Add(network);
            var built = new Player(player.Name, network, player.Adam);
            _players.Add(player.Name, built);
            RegisterOptimizer(built.Optimizer, player.Adam.LearningRate);
        }
        Random = new Generator(RandomStreams.Training(seed), device);
        _sums = zeros(3, dtype: ScalarType.Float64, device: device);
        foreach (var attachable in Hooks.OfType<IRunAttachable>())
            attachable.Attach(this);
    }

    public TrainingPlan Plan { get; }

    public int Seed { get; }

    public Device Device { get; }

    /// <summary>The training random stream: latents, instance noise and penalty points of the scheduled phases.</summary>
    public Generator Random { get; }

    public Player Player(string name) => _players.TryGetValue(name, out var player)
        ? player
        : throw new ArgumentException($"the run has no player '{name}' (it has: {string.Join(", ", _players.Keys)})", nameof(name));

    public Player Generator => _players[TrainingPlan.GeneratorName];

    public Player Discriminator => _players[TrainingPlan.DiscriminatorName];

    /// <summary>Steps completed so far.</summary>
    public int CompletedSteps { get; private set; }

    /// <summary>Passes over the training rows so far (counted in epoch batches).</summary>
    public double Epoch => _epochBatches.Epoch;

    /// <summary>Epoch batches drawn so far.</summary>
    public long EpochBatchesDrawn => _epochBatches.BatchesDrawn;

    /// <summary>Every optimizer of the run with its initial learning rate (schedules act on all of them).</summary>
    public IReadOnlyList<(optim.Optimizer Optimizer, double InitialRate)> Optimizers => _optimizers;

    /// <summary>The generator to sample from: <see cref="Generator"/>'s network unless a hook supplied another (the weight average).</summary>
    public GanNetwork SamplingGenerator => _sampling ?? Generator.Network;

    public void RegisterOptimizer(optim.Optimizer optimizer, double initialRate) => _optimizers.Add((optimizer, initialRate));

    /// <summary>Multiplies every optimizer's learning rate, and the rate its schedule starts from, by <paramref name="factor"/>.</summary>
    public void ScaleLearningRates(double factor) => ScaleLearningRates(_ => true, factor);

    /// <summary>Multiplies the learning rate of the <paramref name="players"/>, and the rate its schedule starts from, by <paramref name="factor"/>.</summary>
    public void ScaleLearningRates(IEnumerable<string> players, double factor)
    {
        var chosen = players.Select(name => Player(name).Optimizer).ToHashSet();
        ScaleLearningRates(chosen.Contains, factor);
    }

    private void ScaleLearningRates(Func<optim.Optimizer, bool> which, double factor)
    {
        for (int i = 0; i < _optimizers.Count; i++)
        {
            var (optimizer, initial) = _optimizers[i];
            if (!which(optimizer))
                continue;
            _optimizers[i] = (optimizer, initial * factor);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate *= factor;
        }
    }

    /// <summary>Sets Adam's betas of the <paramref name="players"/>.</summary>
    public void SetAdamBetas(IEnumerable<string> players, double beta1, double beta2)
    {
        foreach (var name in players)
        {
            foreach (var group in Player(name).Optimizer.ParamGroups.Cast<TorchSharp.Modules.Adam.ParamGroup>())
            {
                group.Options.beta1 = beta1;
                group.Options.beta2 = beta2;
            }
        }
    }

    /// <summary>Makes <paramref name="network"/> the sampling generator; the run owns and disposes it unless it is released.</summary>
    public void UseForSampling(GanNetwork network)
    {
        _sampling = network;
        _ownedNetworks.Add(network);
    }

    /// <summary>One training step: every phase due, then the step hooks.</summary>
    public void Step()
    {
        int step = CompletedSteps + 1;
        foreach (var phase in Plan.Phases)
        {
            if (step % phase.Interval != 0 || phase.Terms.All(t => t.Weight.Value == 0)) // all dormant: nothing to update
                continue;
            for (int k = 0; k < phase.Repeat; k++)
                RunPhase(phase);
        }
        CompletedSteps = step;
        foreach (var hook in Plan.StepHooks)
            hook.AfterStep(this);
    }

    /// <summary>One run of <paramref name="phase"/>: batch, terms, one backward pass, the updated players' optimizer steps, its hooks.</summary>
    public void RunPhase(Phase phase, PhaseOverrides? overrides = null)
    {
        using var scope = NewDisposeScope();
        var wrappers = new List<IDisposable>();
        try
        {
            foreach (var wrapper in phase.Wrappers)
            {
                if (wrapper.Enter(this) is { } entered)
                    wrappers.Add(entered);
            }
            var frozen = _players.Values.Where(p => !phase.Updates.Contains(p.Name)).ToList();
            foreach (var player in frozen)
                player.SetTrainable(false);
            try
            {
                Update(phase, overrides);
            }
            finally
            {
                foreach (var player in frozen)
                    player.SetTrainable(true);
            }
        }
        finally
        {
            for (int i = wrappers.Count - 1; i >= 0; i--)
                wrappers[i].Dispose();
        }
    }

    private void Update(Phase phase, PhaseOverrides? overrides)
    {
        var random = overrides?.Random ?? Random;
        var context = new PhaseContext(this, phase, DrawBatch(overrides?.Rows ?? phase.Rows, random), random);
        var loss = context.Loss();
        var optimizers = phase.Updates.Select(name => overrides?.Optimizer.Player == name ? overrides.Optimizer.Optimizer : _players[name].Optimizer).ToList();
        foreach (var optimizer in optimizers)
            optimizer.zero_grad();
        loss.backward();
        bool record = overrides?.Record ?? true;
        var norm = record && phase.Report == PhaseReport.GeneratorLoss ? Generator.GradientNorm() : null;
        foreach (var optimizer in optimizers)
            optimizer.step();
        foreach (var hook in phase.AfterUpdate)
            hook.AfterUpdate(this);
        if (record)
            Record(phase.Report, loss, norm);
    }

    /// <summary>
    /// A phase's batch. Its real rows are drawn on first request, except in a conditional run: there the rows (drawn at
    /// once) give their classes to the generated rows too, as in CGAN, so real and generated rows share the batch's labels.
    /// </summary>
    private GanBatch DrawBatch(PhaseRows rows, Generator random)
    {
        if (rows == PhaseRows.Epoch || _classes is not null)
        {
            var indices = tensor(rows == PhaseRows.Epoch ? _epochBatches.Next() : ExtraBatches.Next(), device: Device);
            var real = _data.index_select(0, indices);
            return new GanBatch(Latents(random), () => real, _classes?.index_select(0, indices));
        }
        return new GanBatch(Latents(random), () => RealRows(ExtraBatches.Next()));
    }

    private BatchSampler ExtraBatches => _extraBatches ??= new BatchSampler((int)_data.shape[0], Plan.BatchSize, RandomStreams.ExtraBatches(Seed));

    private Tensor RealRows(long[] batch) => _data.index_select(0, tensor(batch, device: Device));

    private Tensor Latents(Generator random) => randn(new long[] { Plan.BatchSize, Plan.LatentDimension }, device: Device, generator: random);

    /// <summary>What the discriminator sees of rows: the plan's input transforms applied in order.</summary>
    public Tensor DiscriminatorInput(Tensor rows, Generator random)
    {
        foreach (var input in Plan.DiscriminatorInputs)
            rows = input.Apply(rows, random);
        return rows;
    }

    private void Record(PhaseReport report, Tensor loss, Tensor? norm)
    {
        using var _ = no_grad();
        switch (report)
        {
            case PhaseReport.DiscriminatorLoss:
                _sums.narrow(0, 0, 1).AddInPlace(loss.detach().reshape(1));
                _discriminatorRuns++;
                break;
            case PhaseReport.GeneratorLoss:
                _sums.narrow(0, 1, 2).AddInPlace(stack(new[] { loss.detach(), norm!.detach() }));
                _generatorRuns++;
                break;
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
        var means = (sums[0] / _discriminatorRuns, sums[1] / _generatorRuns, sums[2] / _generatorRuns);
        _discriminatorRuns = _generatorRuns = 0;
        return means;
    }

    /// <summary>
    /// Hands the sampling generator over to the caller (it outlives the run); the run disposes everything else.
    /// Also puts it on the CPU in evaluation mode, ready for the fitted transformer.
    /// </summary>
    public GanNetwork ReleaseSamplingGenerator()
    {
        var generator = SamplingGenerator;
        _released = generator;
        generator.to(CPU);
        generator.eval();
        return generator;
    }

    /// <summary>
    /// Writes everything the next steps depend on: the step counter, the batch samplers, the random streams, every
    /// player's weights and optimizer, every term weight and learning rate, and the state of the plan's hooks. Call it
    /// right after <see cref="ReadSums"/> (a progress report), when the device-side sums are empty.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(CompletedSteps);
        writer.Write(_epochBatches.BatchesDrawn);
        writer.Write(_extraBatches?.BatchesDrawn ?? 0);
        RunState.WriteGenerator(writer, Random);
        RunState.WriteGenerator(writer, _dropoutRandom);
        writer.Write(_players.Count);
        foreach (var player in Plan.Players.Select(p => _players[p.Name]))
        {
            writer.Write(player.Name);
            RunState.WriteNetwork(writer, player.Network);
            RunState.WriteOptimizer(writer, player.Optimizer);
        }
        var terms = Plan.Terms.ToList();
        writer.Write(terms.Count);
        foreach (var term in terms)
            writer.Write(term.Weight.Value);
        writer.Write(_optimizers.Count);
        foreach (var (optimizer, initial) in _optimizers)
        {
            writer.Write(optimizer.ParamGroups.First().LearningRate);
            writer.Write(initial);
        }
        var hooks = Hooks.OfType<ICheckpointed>().ToList();
        writer.Write(hooks.Count);
        foreach (var hook in hooks)
        {
            writer.Write(hook.GetType().Name);
            RunState.WriteBlock(writer, hook.WriteState);
        }
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote, into a run built from the same plan.</summary>
    public void ReadState(BinaryReader reader)
    {
        int steps = reader.ReadInt32();
        if (steps < 0 || steps > Plan.TotalSteps)
            throw new InvalidDataException($"the checkpoint is at step {steps}, beyond this run's {Plan.TotalSteps} steps");
        _epochBatches.Restore(reader.ReadInt64());
        long extra = reader.ReadInt64();
        if (extra > 0)
            ExtraBatches.Restore(extra);
        RunState.ReadGenerator(reader, Random, "training");
        RunState.ReadGenerator(reader, _dropoutRandom, "dropout");
        Require(reader.ReadInt32(), _players.Count, "players");
        foreach (var player in Plan.Players.Select(p => _players[p.Name]))
        {
            string name = reader.ReadString();
            if (name != player.Name)
                throw new InvalidDataException($"the checkpoint holds player '{name}' where this run has '{player.Name}'");
            RunState.ReadNetwork(reader, player.Network, name);
            RunState.ReadOptimizer(reader, player.Optimizer, name);
        }
        var terms = Plan.Terms.ToList();
        Require(reader.ReadInt32(), terms.Count, "loss terms");
        foreach (var term in terms)
            term.Weight.Value = reader.ReadDouble();
        Require(reader.ReadInt32(), _optimizers.Count, "optimizers");
        for (int i = 0; i < _optimizers.Count; i++)
        {
            double rate = reader.ReadDouble(), initial = reader.ReadDouble();
            if (!(rate >= 0 && double.IsFinite(rate) && initial >= 0 && double.IsFinite(initial)))
                throw new InvalidDataException($"the checkpoint holds the learning rate {rate} (from {initial})");
            foreach (var group in _optimizers[i].Optimizer.ParamGroups)
                group.LearningRate = rate;
            _optimizers[i] = (_optimizers[i].Optimizer, initial);
        }
        var hooks = Hooks.OfType<ICheckpointed>().ToList();
        Require(reader.ReadInt32(), hooks.Count, "hooks with state");
        foreach (var hook in hooks)
        {
            string name = reader.ReadString();
            if (name != hook.GetType().Name)
                throw new InvalidDataException($"the checkpoint holds the state of '{name}' where this run has '{hook.GetType().Name}'");
            RunState.ReadBlock(reader, name, hook.ReadState);
        }
        CompletedSteps = steps;
    }

    private static void Require(int stored, int expected, string what)
    {
        if (stored != expected)
            throw new InvalidDataException($"the checkpoint holds {stored} {what} where this run has {expected}");
    }

    private IEnumerable<object> Hooks => Plan.Phases.SelectMany(p => p.AfterUpdate.Cast<object>().Concat(p.Wrappers).Concat(p.Terms.Select(t => t.Term)))
        .Concat(Plan.StepHooks).Concat(Plan.DiscriminatorInputs).Distinct();

    public void Dispose()
    {
        foreach (var disposable in Hooks.OfType<IDisposable>())
            disposable.Dispose();
        foreach (var player in _players.Values)
            player.Dispose();
        foreach (var network in _ownedNetworks.Where(n => !ReferenceEquals(n, _released)))
            network.Dispose();
        _data.Dispose();
        _classes?.Dispose();
        _sums.Dispose();
        Random.Dispose();
        _dropoutRandom.Dispose();
    }
}
