namespace MLGan.Networks;

/// <summary>
/// What the MLP discriminator is made of: rows of <see cref="InputSize"/> values, packed <see cref="PackingDegree"/> at a
/// time (PacGAN), its hidden blocks and the optional minibatch layers before its one-score head.
/// </summary>
/// <param name="InputSize">Values per (unpacked) row.</param>
/// <param name="MinibatchKernels">Kernels of a <see cref="MinibatchDiscrimination"/> layer; 0 for none.</param>
/// <param name="TwiceDifferentiable">Whether a gradient penalty will differentiate the discriminator's input gradient.</param>
/// <param name="PackingDegree">Rows judged together (1: no packing); batches must be a multiple of it.</param>
/// <param name="Outputs">Scores per packed row: 1, or k + 1 class logits for MAD-GAN.</param>
internal sealed record DiscriminatorSpec(int InputSize, HiddenLayers Hidden, int MinibatchKernels, int MinibatchKernelDimension, bool MinibatchStandardDeviation,
    bool TwiceDifferentiable = false, int PackingDegree = 1, int Outputs = 1) : INetworkSpec
{
    public const string TypeTag = "mlp-discriminator";

    public string Kind => TypeTag;

    public long[] InputShape => new long[] { InputSize };

    public long[] OutputShape => new long[] { Outputs };

    /// <summary>Width of the first layer's input: <see cref="PackingDegree"/> rows side by side.</summary>
    public int PackedInputSize => InputSize * PackingDegree;

    public double ParameterCount
    {
        get
        {
            double count = Hidden.ParameterCount(PackedInputSize), width = Hidden.OutputSize(PackedInputSize);
            if (MinibatchKernels > 0)
            {
                count += width * MinibatchKernels * MinibatchKernelDimension;
                width += MinibatchKernels;
            }
            width += MinibatchStandardDeviation ? MinibatchStandardDeviationLayer.ExtraFeatures : 0;
            return count + (width + 1) * Outputs;
        }
    }

    public GanNetwork Build(string name) => new DiscriminatorNetwork(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write(InputSize);
        writer.Write(PackingDegree);
        HiddenLayers.WriteSizes(writer, Hidden.Sizes);
        writer.Write((int)Hidden.Activation);
        writer.Write((int)Hidden.Normalization);
        writer.Write(Hidden.SpectralNorm);
        writer.Write(Hidden.Dropout);
        writer.Write(MinibatchKernels);
        writer.Write(MinibatchKernelDimension);
        writer.Write(MinibatchStandardDeviation);
        writer.Write(TwiceDifferentiable);
        writer.Write(Outputs);
    }

    public static DiscriminatorSpec Read(BinaryReader reader)
    {
        int input = reader.ReadInt32();
        int packing = reader.ReadInt32();
        var sizes = HiddenLayers.ReadSizes(reader);
        var hidden = new HiddenLayers(sizes, (GanActivation)reader.ReadInt32(), (GanNormalization)reader.ReadInt32(), reader.ReadBoolean(), reader.ReadDouble());
        var spec = new DiscriminatorSpec(input, hidden, reader.ReadInt32(), reader.ReadInt32(), reader.ReadBoolean(), reader.ReadBoolean(), packing, reader.ReadInt32());
        if (input <= 0 || packing <= 0 || spec.Outputs <= 0 || sizes.Any(s => s <= 0) || !Enum.IsDefined(hidden.Activation) || !Enum.IsDefined(hidden.Normalization)
            || !(hidden.Dropout is >= 0 and < 1) || spec.MinibatchKernels < 0 || (spec.MinibatchKernels > 0 && spec.MinibatchKernelDimension <= 0))
            throw new InvalidDataException($"invalid discriminator description {spec}");
        return spec;
    }
}
