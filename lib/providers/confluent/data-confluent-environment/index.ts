// https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataConfluentEnvironmentConfig extends cdktf.TerraformMetaArguments {
  /**
  * A human-readable name for the Environment.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment#display_name DataConfluentEnvironment#display_name}
  */
  readonly displayName?: string;
  /**
  * The ID of the Environment (e.g., `env-abc123`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment#id DataConfluentEnvironment#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * stream_governance block
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment#stream_governance DataConfluentEnvironment#stream_governance}
  */
  readonly streamGovernance?: DataConfluentEnvironmentStreamGovernance;
}
export interface DataConfluentEnvironmentStreamGovernance {
  /**
  * Stream Governance Package. 'ESSENTIALS' or 'ADVANCED'
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment#package DataConfluentEnvironment#package}
  */
  readonly package: string;
}

export function dataConfluentEnvironmentStreamGovernanceToTerraform(struct?: DataConfluentEnvironmentStreamGovernanceOutputReference | DataConfluentEnvironmentStreamGovernance): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    package: cdktf.stringToTerraform(struct!.package),
  }
}


export function dataConfluentEnvironmentStreamGovernanceToHclTerraform(struct?: DataConfluentEnvironmentStreamGovernanceOutputReference | DataConfluentEnvironmentStreamGovernance): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    package: {
      value: cdktf.stringToHclTerraform(struct!.package),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class DataConfluentEnvironmentStreamGovernanceOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false, 0);
  }

  public get internalValue(): DataConfluentEnvironmentStreamGovernance | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._package !== undefined) {
      hasAnyValues = true;
      internalValueResult.package = this._package;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataConfluentEnvironmentStreamGovernance | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this._package = undefined;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this._package = value.package;
    }
  }

  // package - computed: false, optional: false, required: true
  private _package?: string; 
  public get package() {
    return this.getStringAttribute('package');
  }
  public set package(value: string) {
    this._package = value;
  }
  // Temporarily expose input value. Use with caution.
  public get packageInput() {
    return this._package;
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment confluent_environment}
*/
export class DataConfluentEnvironment extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "confluent_environment";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataConfluentEnvironment resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataConfluentEnvironment to import
  * @param importFromId The id of the existing DataConfluentEnvironment that should be imported. Refer to the {@link https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataConfluentEnvironment to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "confluent_environment", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/confluentinc/confluent/2.83.4/docs/data-sources/environment confluent_environment} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataConfluentEnvironmentConfig = {}
  */
  public constructor(scope: Construct, id: string, config: DataConfluentEnvironmentConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'confluent_environment',
      terraformGeneratorMetadata: {
        providerName: 'confluent',
        providerVersion: '2.83.4',
        providerVersionConstraint: '2.83.4'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._displayName = config.displayName;
    this._id = config.id;
    this._streamGovernance.internalValue = config.streamGovernance;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // display_name - computed: true, optional: true, required: false
  private _displayName?: string; 
  public get displayName() {
    return this.getStringAttribute('display_name');
  }
  public set displayName(value: string) {
    this._displayName = value;
  }
  public resetDisplayName() {
    this._displayName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get displayNameInput() {
    return this._displayName;
  }

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // resource_name - computed: true, optional: false, required: false
  public get resourceName() {
    return this.getStringAttribute('resource_name');
  }

  // stream_governance - computed: false, optional: true, required: false
  private _streamGovernance = new DataConfluentEnvironmentStreamGovernanceOutputReference(this, "stream_governance");
  public get streamGovernance() {
    return this._streamGovernance;
  }
  public putStreamGovernance(value: DataConfluentEnvironmentStreamGovernance) {
    this._streamGovernance.internalValue = value;
  }
  public resetStreamGovernance() {
    this._streamGovernance.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get streamGovernanceInput() {
    return this._streamGovernance.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      display_name: cdktf.stringToTerraform(this._displayName),
      id: cdktf.stringToTerraform(this._id),
      stream_governance: dataConfluentEnvironmentStreamGovernanceToTerraform(this._streamGovernance.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      display_name: {
        value: cdktf.stringToHclTerraform(this._displayName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      stream_governance: {
        value: dataConfluentEnvironmentStreamGovernanceToHclTerraform(this._streamGovernance.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "DataConfluentEnvironmentStreamGovernanceList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
