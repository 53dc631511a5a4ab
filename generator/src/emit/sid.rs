//! SID types: one marker per prefix, saying what it accepts, and one alias of
//! the runtime's generic `Sid` per marker.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, Cx};
use crate::model::SidType;

pub(super) fn sids(sids: &[SidType], cx: &Cx) -> TokenStream {
    let rt = &cx.rt;
    let markers = sids.iter().map(|sid| {
        let marker = ident(&sid.prefix);
        let name = &sid.name;
        let prefix = &sid.prefix;
        let docs = doc(&format!(
            "SIDs that start with `{prefix}`: the marker of [`{name}`](super::{name})."
        ));
        quote! {
            #docs
            #[derive(Debug)]
            pub enum #marker {}
            impl SidSpec for #marker {
                const NAME: &'static str = #name;
                const PREFIX: SidPrefix = SidPrefix::Exact(#prefix);
                const BODY: SidBody = SidBody::Hex;
            }
        }
    });
    let aliases = sids.iter().map(|sid| {
        let name = ident(&sid.name);
        let marker = ident(&sid.prefix);
        let docs = doc(&sid.docs);
        quote! {
            #docs
            pub type #name = #rt::Sid<prefix::#marker>;
        }
    });
    quote! {
        /// What each SID type accepts: one marker type per prefix, never
        /// instantiated.
        pub mod prefix {
            use #rt::{SidBody, SidPrefix, SidSpec};
            #(#markers)*
        }
        #(#aliases)*
    }
}
