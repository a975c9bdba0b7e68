using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Engine;

/// <summary>
/// TorchSharp's Adam (same options, state layout and saved form) that updates all of a player's parameters with a few
/// operations on flat buffers (<see cref="FlatParameters"/>) instead of about ten per parameter tensor. Each element sees
/// the same operations in the same order as in <see cref="Adam.step"/>; the per-operation overhead, which dominated the
/// optimizer's time for small networks, goes (measured in benchmarks/RESULTS.md). Until every parameter has a gradient,
/// and with options this flat form does not cover (weight decay, AMSGrad, maximize, several groups), it is plain Adam.
/// </summary>
internal sealed class FlatAdam : Adam
{
    private readonly FlatParameters _flat;
    private readonly State[] _states;
    private readonly Tensor _expAvg, _expAvgSq;

    public FlatAdam(FlatParameters flat, Parameter[] parameters, double learningRate, double beta1, double beta2)
        : base(parameters, learningRate, beta1, beta2)
    {
        _flat = flat;
        _states = parameters.Select(p => (State)_state[p.Handle]).ToArray();
        _expAvg = zeros_like(flat.Values).DetachFromDisposeScope();
        _expAvgSq = zeros_like(flat.Values).DetachFromDisposeScope();
        // The per-parameter moments become views of the flat ones, so the saved state and loading it (in place) are as before.
        foreach (var (state, average, square) in _states.Zip(flat.Split(_expAvg), flat.Split(_expAvgSq)))
        {
            state.exp_avg.Dispose();
            state.exp_avg_sq.Dispose();
            state.exp_avg = average.DetachFromDisposeScope();
            state.exp_avg_sq = square.DetachFromDisposeScope();
        }
    }

    public override void zero_grad()
    {
        if (_flat.Gradients is { } gradients)
            gradients.zero_();
        else
            base.zero_grad();
    }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (closure is not null || _parameter_groups.Count != 1 || _parameter_groups[0].Options is not Options options || !Covers(options)
            || _states.Any(s => s.step != _states[0].step) || !_flat.BindGradients())
            return base.step(closure);

        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value, rate = options.LearningRate!.Value;
        foreach (var state in _states)
            state.step += 1;
        long step = _states[0].step;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // Explicit Scalars, disposed after the last operation: an operator's implicit one can be finalized by the garbage
        // collector while libtorch still reads it (TorchSharp 0.107).
        using Scalar b1 = beta1, gradientShare = 1 - beta1, b2 = beta2, squareShare = 1 - beta2;
        using Scalar correction2 = Math.Sqrt(biasCorrection2), epsilon = eps, stepSize = -(rate / biasCorrection1);
        var grad = _flat.Gradients!;
        _expAvg.mul_(b1).add_(grad, alpha: gradientShare);
        _expAvgSq.mul_(b2).addcmul_(grad, grad, value: squareShare);
        // (sqrt(v) / sqrt(bias correction 2)) + eps as in Adam.step, computed in place in the scratch buffer.
        var denom = _flat.Scratch.copy_(_expAvgSq).sqrt_().div_(correction2).AddInPlace(epsilon);
        _flat.Values.addcdiv_(_expAvg, denom, value: stepSize);
        return null!;
    }

    private static bool Covers(Options options) => options.weight_decay == 0 && options.amsgrad == false && options.maximize == false;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // disposes the moments' views
        if (disposing)
        {
            _expAvg.Dispose();
            _expAvgSq.Dispose();
        }
    }
}
