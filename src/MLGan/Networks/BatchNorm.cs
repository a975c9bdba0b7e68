using MLGan.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// Batch normalization (Ioffe and Szegedy 2015) over [N, C] or [N, C, L] rows (<see cref="OneD"/>) or [N, C, H, W]
/// maps (<see cref="TwoD"/>): TorchSharp's <c>BatchNorm1d</c>/<c>BatchNorm2d</c> with the same parameters, buffers,
/// state-dict names and kernel (eps 1e-5, momentum 0.1, affine, running statistics).
/// </summary>
/// <remarks>
/// Why not TorchSharp's modules: their forward counts batches with <c>num_batches_tracked.add_(1)</c>, which builds
/// two temporary scalars every training step (see <see cref="HeldScalarOps"/>); this one adds a held 1.
/// </remarks>
internal sealed class BatchNorm : TorchSharp.Modules.BatchNorm
{
    private readonly int[] _inputRanks;

    private BatchNorm(long features, string name, params int[] inputRanks)
        : base(features, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device: null, dtype: null, name)
        => _inputRanks = inputRanks;

    /// <summary>Over the channels of [N, C] or [N, C, L] input.</summary>
    public static BatchNorm OneD(long features) => new(features, "BatchNorm1d", 2, 3);

    /// <summary>Over the channels of [N, C, H, W] input.</summary>
    public static BatchNorm TwoD(long channels) => new(channels, "BatchNorm2d", 4);

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (!_inputRanks.Contains((int)input.ndim))
            throw new ArgumentException($"{GetName()} expects {string.Join(" or ", _inputRanks.Select(r => $"{r}-D"))} input, but got {input.ndim}-D input.");
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (training && track_running_stats && num_batches_tracked is not null)
            num_batches_tracked.AddInPlace(HeldScalarOps.One);
        bool passStatistics = !training || track_running_stats;
        return nn.functional.batch_norm(input, passStatistics ? running_mean : null, passStatistics ? running_var : null,
            weight, bias, training: training || (running_mean is null && running_var is null), momentum ?? 0.0, eps);
    }
}
