using MLGan.Data;
using MLGan.Data.BlockMapping;
using MLGan.Networks;
using static TorchSharp.torch;

namespace MLGan.Generation;

/// <summary>
/// Runs the trained generator on the CPU in fixed-size blocks of <see cref="BlockSize.Rows"/> latent vectors
/// and maps the results back to the user's units. A fixed block size keeps every row's arithmetic
/// identical whichever rows share its block, so a row's output depends only on its own latent vector.
/// Safe to call from several cursors at once.
/// </summary>
internal sealed class GeneratorEngine : IDisposable
{
    private readonly object _gate = new();
    private readonly GanNetwork _network;
    private readonly IFeatureCodec _codec;
    private bool _disposed;

    public GeneratorEngine(GanNetwork network, IFeatureCodec codec)
    {
        _network = network;
        _network.eval();
        _codec = codec;
        LatentDimension = checked((int)network.Spec.InputShape.Single());
        OutputSize = checked((int)network.Spec.OutputShape.Aggregate(1L, (a, b) => a * b));
    }

    public int LatentDimension { get; }

    /// <summary>Whether the generator takes a class per row.</summary>
    public bool IsConditional => _network is ConditionalNetwork;

    /// <summary>Generators in the model: k for MAD-GAN, else 1.</summary>
    public int GeneratorCount => _network is GeneratorMixture mixture ? mixture.Count : 1;

    /// <summary>Between the generator's outputs and the user's values.</summary>
    public IFeatureCodec Codec => _codec;

    /// <summary>Dimensions of a generated row in the user's column, e.g. <c>(C, H, W)</c> for images.</summary>
    public int[] Dimensions => _codec.Dimensions;

    /// <summary>Values per generated row (the product of the generator's output shape).</summary>
    public int OutputSize { get; }

    /// <summary>
    /// Generates <see cref="BlockSize.Rows"/> rows from <paramref name="latents"/> (row-major) into <paramref name="output"/>;
    /// with several generators, row i comes from generator <paramref name="choices"/>[i]; a conditional generator
    /// generates row i for class <paramref name="classes"/>[i].
    /// </summary>
    public void Generate(float[] latents, long[]? choices, long[]? classes, Span<float> output)
    {
        if (latents.Length != BlockSize.Rows * LatentDimension || output.Length != BlockSize.Rows * OutputSize || (GeneratorCount > 1 && choices?.Length != BlockSize.Rows)
            || (IsConditional != (classes is not null)) || (classes is not null && classes.Length != BlockSize.Rows))
            throw new ArgumentException("latent, choice, class and output blocks must hold BlockSize.Rows rows");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var z = tensor(latents, new long[] { BlockSize.Rows, LatentDimension });
            var y = (_network is GeneratorMixture mixture ? mixture.ForwardChosen(z, tensor(choices!)) : _network.Forward(z, classes is null ? null : tensor(classes))).contiguous();
            y.data<float>().CopyTo(output);
        }
        _codec.DecodeInPlace(output);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _network.Dispose();
        }
    }
}
