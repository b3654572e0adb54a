/* pvm-create-wizard-page.c: the base of the create-VM wizard's pages and its read-only
 * "complete" property. */
#include "pvm-create-wizard-page.h"

#include "pvm-create-wizard-page-private.h"

typedef struct {
  gboolean complete;
} PvmCreateWizardPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PvmCreateWizardPage, pvm_create_wizard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
pvm_create_wizard_page_get_complete (PvmCreateWizardPage *self)
{
  PvmCreateWizardPagePrivate *priv;

  g_return_val_if_fail (PVM_IS_CREATE_WIZARD_PAGE (self), FALSE);

  priv = pvm_create_wizard_page_get_instance_private (self);
  return priv->complete;
}

void
_pvm_create_wizard_page_set_complete (PvmCreateWizardPage *self, gboolean complete)
{
  PvmCreateWizardPagePrivate *priv;

  g_return_if_fail (PVM_IS_CREATE_WIZARD_PAGE (self));

  priv = pvm_create_wizard_page_get_instance_private (self);
  complete = !!complete;
  if (complete == priv->complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

static void
pvm_create_wizard_page_get_property (GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec)
{
  PvmCreateWizardPage *self = PVM_CREATE_WIZARD_PAGE (object);

  switch (prop_id) {
  case PROP_COMPLETE:
    g_value_set_boolean (value, pvm_create_wizard_page_get_complete (self));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
pvm_create_wizard_page_class_init (PvmCreateWizardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = pvm_create_wizard_page_get_property;

  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pvm_create_wizard_page_init (PvmCreateWizardPage *self)
{
}
